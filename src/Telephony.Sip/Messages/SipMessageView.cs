using System.Buffers.Text;

namespace Telephony.Sip.Messages;

/// <summary>
/// A parsed SIP message that is only a map over the received bytes: start line, header ranges
/// and body as spans, nothing copied and nothing allocated (<see cref="SipMessageReader"/>).
/// </summary>
/// <remarks>
/// Valid only while the bytes and the header slots it was read into are. Lookups compare header
/// names in place (compact forms included); <see cref="SipParser"/> turns a view into a
/// <see cref="SipMessage"/> when the stack needs one.
/// </remarks>
public readonly ref struct SipMessageView
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly ReadOnlySpan<SipHeaderRange> _headers;

    internal SipMessageView(ReadOnlySpan<byte> data, ReadOnlySpan<SipHeaderRange> headers, bool isRequest, Range first, Range second, int statusCode, Range body)
    {
        _data = data;
        _headers = headers;
        IsRequest = isRequest;
        First = first;
        Second = second;
        StatusCode = statusCode;
        BodyRange = body;
    }

    public bool IsRequest { get; }

    /// <summary>Responses: the status code; 0 for requests.</summary>
    public int StatusCode { get; }

    internal Range First { get; }

    internal Range Second { get; }

    internal Range BodyRange { get; }

    /// <summary>Requests: the method token.</summary>
    public ReadOnlySpan<byte> Method => IsRequest ? _data[First] : default;

    /// <summary>Requests: the Request-URI (empty when the request line was broken).</summary>
    public ReadOnlySpan<byte> RequestUri => IsRequest ? _data[Second] : default;

    /// <summary>Responses: the reason phrase.</summary>
    public ReadOnlySpan<byte> ReasonPhrase => IsRequest ? default : _data[Second];

    public ReadOnlySpan<byte> Body => _data[BodyRange];

    public int HeaderCount => _headers.Length;

    public ReadOnlySpan<byte> HeaderName(int index) => _data.Slice(_headers[index].NameStart, _headers[index].NameLength);

    /// <summary>The raw value (blanks trimmed; a folded value keeps its line breaks).</summary>
    public ReadOnlySpan<byte> HeaderValue(int index) => _data.Slice(_headers[index].ValueStart, _headers[index].ValueLength);

    public SipHeaderRange Header(int index) => _headers[index];

    /// <summary>The first value of the header whose canonical name is <paramref name="canonicalName"/> (a <see cref="HeaderNames"/> constant).</summary>
    public bool TryGet(string canonicalName, out ReadOnlySpan<byte> value)
    {
        for (var i = 0; i < _headers.Length; i++)
        {
            if (NameIs(HeaderName(i), canonicalName))
            {
                value = HeaderValue(i);
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>The Call-ID, or empty.</summary>
    public ReadOnlySpan<byte> CallId => TryGet(HeaderNames.CallId, out var v) ? v : default;

    /// <summary>The branch parameter of the top Via (the first value of the first Via line), or empty.</summary>
    public ReadOnlySpan<byte> TopViaBranch
    {
        get
        {
            if (!TryGet(HeaderNames.Via, out var via))
            {
                return default;
            }

            var comma = IndexOfUnquoted(via, (byte)',');
            return Parameter(comma < 0 ? via : via[..comma], "branch"u8);
        }
    }

    /// <summary>The CSeq number and method; false when absent or malformed.</summary>
    public bool TryGetCSeq(out long number, out ReadOnlySpan<byte> method)
    {
        method = default;
        number = 0;
        if (!TryGet(HeaderNames.CSeq, out var cseq))
        {
            return false;
        }

        cseq = TrimLws(cseq);
        if (!Utf8Parser.TryParse(cseq, out number, out var used) || used == 0 || number < 0)
        {
            return false;
        }

        method = TrimLws(cseq[used..]);
        return !method.IsEmpty && used < cseq.Length && IsLws(cseq[used]);
    }

    /// <summary>The tag parameter of From, or empty.</summary>
    public ReadOnlySpan<byte> FromTag => TryGet(HeaderNames.From, out var v) ? NameAddrParameter(v, "tag"u8) : default;

    /// <summary>The tag parameter of To, or empty.</summary>
    public ReadOnlySpan<byte> ToTag => TryGet(HeaderNames.To, out var v) ? NameAddrParameter(v, "tag"u8) : default;

    private static bool NameIs(ReadOnlySpan<byte> name, string canonical) =>
        name.Length == 1 ? ReferenceEquals(HeaderNames.Canonical(name), canonical) : HeaderNames.AsciiEqualsIgnoreCase(name, canonical);

    /// <summary>A header parameter after the URI part of a name-addr (parameters inside &lt;&gt; belong to the URI).</summary>
    private static ReadOnlySpan<byte> NameAddrParameter(ReadOnlySpan<byte> value, ReadOnlySpan<byte> name)
    {
        var close = value.LastIndexOf((byte)'>');
        return Parameter(close < 0 ? value : value[(close + 1)..], name);
    }

    /// <summary>Finds ";name=value" (case-insensitive name) outside quotes; returns the value, or empty.</summary>
    private static ReadOnlySpan<byte> Parameter(ReadOnlySpan<byte> text, ReadOnlySpan<byte> name)
    {
        var inQuotes = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                inQuotes = !inQuotes;
            }
            else if (c == ';' && !inQuotes)
            {
                var rest = TrimLws(text[(i + 1)..]);
                if (rest.Length > name.Length && EqualsIgnoreCase(rest[..name.Length], name))
                {
                    var after = TrimLws(rest[name.Length..]);
                    if (!after.IsEmpty && after[0] == '=')
                    {
                        after = TrimLws(after[1..]);
                        var end = after.IndexOfAny(";,"u8);
                        return TrimLws(end < 0 ? after : after[..end]);
                    }
                }
            }
        }

        return default;
    }

    private static int IndexOfUnquoted(ReadOnlySpan<byte> text, byte target)
    {
        var inQuotes = false;
        var angle = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case (byte)'"':
                    inQuotes = !inQuotes;
                    break;
                case (byte)'<' when !inQuotes:
                    angle++;
                    break;
                case (byte)'>' when !inQuotes && angle > 0:
                    angle--;
                    break;
                default:
                    if (text[i] == target && !inQuotes && angle == 0)
                    {
                        return i;
                    }

                    break;
            }
        }

        return -1;
    }

    private static bool EqualsIgnoreCase(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        for (var i = 0; i < a.Length; i++)
        {
            if ((a[i] | 0x20) != (b[i] | 0x20))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLws(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    private static ReadOnlySpan<byte> TrimLws(ReadOnlySpan<byte> s) => s.Trim(" \t\r\n"u8);
}
