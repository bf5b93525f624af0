using System.Text;

namespace Telephony.Sip.Messages;

/// <summary>Parses SIP messages (RFC 3261 §7, §25) straight from received bytes.</summary>
/// <remarks>
/// <see cref="SipMessageReader"/> does the grammar and framing on spans without allocating; this
/// class materialises its view as a <see cref="SipMessage"/> (known header names interned, values
/// and body copied). Stream transports call it repeatedly as bytes arrive (it reports
/// <see cref="SipParseStatus.Incomplete"/>); datagram transports once per datagram. Thread-safe.
/// </remarks>
public static class SipParser
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, false);

    /// <summary>Most header slots kept on the stack; larger limits rent them from the pool.</summary>
    private const int StackSlots = 160;

    public static SipParseResult Parse(ReadOnlySpan<byte> data, bool isStream, SipParserLimits? limits = null)
    {
        limits ??= SipParserLimits.Default;
        SipHeaderRange[]? rented = null;
        var slots = limits.MaxHeaders <= StackSlots
            ? stackalloc SipHeaderRange[StackSlots]
            : (rented = System.Buffers.ArrayPool<SipHeaderRange>.Shared.Rent(limits.MaxHeaders));
        try
        {
            var read = SipMessageReader.Read(data, isStream, limits, slots, out var view);
            var message = read.HasMessage ? Materialise(view) : null;
            if (message is not null && read.Status == SipParseStatus.Complete && !view.Body.IsEmpty)
            {
                message.Body = view.Body.ToArray();
            }

            return new SipParseResult(read.Status, message, read.Consumed, read.Error, read.SuggestedStatus);
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<SipHeaderRange>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Turns a view into the message model: strings for the start line, header names (known ones interned) and values.</summary>
    public static SipMessage Materialise(in SipMessageView view)
    {
        SipMessage message = view.IsRequest
            ? new SipRequest(Encoding.ASCII.GetString(view.Method), Encoding.UTF8.GetString(view.RequestUri))
            : new SipResponse(view.StatusCode, StrictUtf8.GetString(view.ReasonPhrase));
        for (var i = 0; i < view.HeaderCount; i++)
        {
            var rawName = view.HeaderName(i);
            var name = HeaderNames.Canonical(rawName) ?? Encoding.ASCII.GetString(rawName);
            var value = view.Header(i).Folded ? Unfold(view.HeaderValue(i)) : StrictUtf8.GetString(view.HeaderValue(i));
            message.Headers.Add(name, value);
        }

        return message;
    }

    /// <summary>RFC 3261 §7.3.1: each line of a folded value trimmed, joined by one space.</summary>
    private static string Unfold(ReadOnlySpan<byte> raw)
    {
        var builder = new StringBuilder(raw.Length);
        var firstLine = true;
        while (true)
        {
            var nl = raw.IndexOf((byte)'\n');
            var line = (nl < 0 ? raw : raw[..nl]).Trim(" \t\r"u8);
            if (!firstLine)
            {
                builder.Append(' ');
            }

            builder.Append(StrictUtf8.GetString(line));
            firstLine = false;
            if (nl < 0)
            {
                return builder.ToString();
            }

            raw = raw[(nl + 1)..];
        }
    }
}
