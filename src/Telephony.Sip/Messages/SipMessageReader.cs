using System.Buffers.Text;

namespace Telephony.Sip.Messages;

/// <summary>What <see cref="SipMessageReader.Read"/> found, beside the view.</summary>
/// <param name="Status">Complete, Incomplete (stream: wait for bytes), KeepAlive or Invalid.</param>
/// <param name="Consumed">Bytes used up (stream transports discard them).</param>
/// <param name="HasMessage">True when the start line was readable: the view holds it and the headers read before any error, so a 4xx can be built.</param>
/// <param name="Error">Why the input is invalid.</param>
/// <param name="SuggestedStatus">The response a UAS should send for an invalid request (400, 505, 513).</param>
public readonly record struct SipReadResult(SipParseStatus Status, int Consumed, bool HasMessage, string? Error = null, int SuggestedStatus = 400);

/// <summary>
/// Reads a SIP message (RFC 3261 §7, §25) into a <see cref="SipMessageView"/>: framing, start
/// line, header lines (folding, compact names) and body, validated as bytes and never copied.
/// </summary>
/// <remarks>
/// Allocation-free: header positions go into slots the caller provides (stack or pool). This is
/// the one grammar the stack has; <see cref="SipParser"/> materialises its result. Thread-safe.
/// </remarks>
public static class SipMessageReader
{
    internal const string TooManyHeaders = "too many header lines";

    public static SipReadResult Read(ReadOnlySpan<byte> data, bool isStream, SipParserLimits limits, Span<SipHeaderRange> slots, out SipMessageView view)
    {
        view = default;
        var pos = 0;
        while (pos < data.Length && (data[pos] == '\r' || data[pos] == '\n'))
        {
            pos++;
        }

        if (pos == data.Length)
        {
            return new SipReadResult(pos == 0 && isStream ? SipParseStatus.Incomplete : SipParseStatus.KeepAlive, pos, false);
        }

        var (headerEnd, separatorLength) = FindHeaderEnd(data[pos..]);
        if (headerEnd < 0)
        {
            if (data.Length - pos > limits.MaxMessageBytes)
            {
                return Invalid(pos, false, "header section exceeds the message size limit", 513);
            }

            return isStream
                ? new SipReadResult(SipParseStatus.Incomplete, pos, false)
                : Invalid(data.Length, false, "no empty line ends the headers (truncated message?)");
        }

        if (headerEnd > limits.MaxMessageBytes)
        {
            return Invalid(isStream ? pos : data.Length, false, "header section exceeds the message size limit", 513);
        }

        headerEnd += pos;
        var head = data[..headerEnd];
        var lineEnd = head[pos..].IndexOf((byte)'\n');
        lineEnd = lineEnd < 0 ? headerEnd : pos + lineEnd;
        var startEnd = lineEnd > pos && data[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
        var start = ReadStartLine(data, pos, startEnd, out var isRequest, out var first, out var second, out var code, out var startError, out var startStatus);
        if (!start)
        {
            return Invalid(isStream ? pos : data.Length, false, startError ?? "bad start line", startStatus);
        }

        var (count, headerError) = lineEnd >= headerEnd ? (0, null) : ReadHeaders(data, lineEnd + 1, headerEnd, slots, limits);
        var bodyStart = headerEnd + separatorLength;
        view = new SipMessageView(data, slots[..count], isRequest, first, second, code, bodyStart..bodyStart);
        if (startError is not null)
        {
            // A readable request of another SIP version: its headers are kept so a 505 can be sent.
            return Invalid(isStream ? bodyStart : data.Length, true, startError, startStatus);
        }

        var lengthError = ContentLength(data, slots[..count], out var contentLength);
        if (headerError == TooManyHeaders)
        {
            // Answering would echo hundreds of Via lines back at a likely attacker: drop it.
            return Invalid(isStream ? bodyStart : data.Length, false, headerError, 513);
        }

        if (headerError is not null || lengthError is not null)
        {
            return Invalid(isStream ? bodyStart : data.Length, true, headerError ?? lengthError!,
                lengthError is not null && contentLength > limits.MaxMessageBytes ? 513 : 400);
        }

        var available = data.Length - bodyStart;
        int bodyLength;
        if (contentLength < 0)
        {
            // No Content-Length: on a stream that means no body; a datagram's body is the rest of it (RFC 3261 §18.3).
            bodyLength = isStream ? 0 : available;
        }
        else if ((long)(bodyStart - pos) + contentLength > limits.MaxMessageBytes)
        {
            return Invalid(isStream ? bodyStart : data.Length, true, "message exceeds the size limit", 513);
        }
        else if (contentLength > available)
        {
            if (isStream)
            {
                view = default;
                return new SipReadResult(SipParseStatus.Incomplete, pos, false);
            }

            return Invalid(data.Length, true, "Content-Length is larger than the datagram's body");
        }
        else
        {
            bodyLength = contentLength;
        }

        view = new SipMessageView(data, slots[..count], isRequest, first, second, code, bodyStart..(bodyStart + bodyLength));
        return new SipReadResult(SipParseStatus.Complete, isStream ? bodyStart + bodyLength : data.Length, true);
    }

    private static SipReadResult Invalid(int consumed, bool hasMessage, string error, int status = 400) =>
        new(SipParseStatus.Invalid, consumed, hasMessage, error, status);

    private static (int End, int SeparatorLength) FindHeaderEnd(ReadOnlySpan<byte> data)
    {
        var crlf = data.IndexOf("\r\n\r\n"u8);
        var lf = data.IndexOf("\n\n"u8);
        if (lf >= 0 && (crlf < 0 || lf < crlf))
        {
            return (lf, 2);
        }

        return crlf >= 0 ? (crlf, 4) : (-1, 0);
    }

    /// <summary>
    /// Reads the start line at [start, end). False when it is unreadable; true with an error when
    /// the method is known but the rest is broken (the request is still read so 400 can be sent,
    /// RFC 4475 §3.1.2.7-3.1.2.10) or the version is not ours (505).
    /// </summary>
    private static bool ReadStartLine(ReadOnlySpan<byte> data, int start, int end, out bool isRequest, out Range first, out Range second,
        out int code, out string? error, out int status)
    {
        var line = data[start..end];
        status = 400;
        code = 0;
        first = second = default;
        isRequest = !line.StartsWith("SIP/"u8);
        if (!isRequest)
        {
            // SIP/2.0 SP 3DIGIT SP reason-phrase (the phrase may be empty, RFC 4475 §3.1.1.13).
            if (line.Length < 11 || !line[..8].SequenceEqual("SIP/2.0 "u8) || (line.Length > 11 && line[11] != ' '))
            {
                error = "status line must be 'SIP/2.0 SP code SP reason'";
                return false;
            }

            if (!Utf8Parser.TryParse(line.Slice(8, 3), out code, out var used) || used != 3 || code < 100 || code > 699)
            {
                error = "status code must be three digits from 100 to 699";
                return false;
            }

            error = null;
            second = line.Length > 12 ? (start + 12)..end : end..end;
            return true;
        }

        var sp1 = line.IndexOf((byte)' ');
        if (sp1 <= 0 || !SipSyntax.IsToken(line[..sp1]))
        {
            error = "request line has no valid method";
            return false;
        }

        first = start..(start + sp1);
        second = (start + sp1)..(start + sp1);
        var afterMethod = line[(sp1 + 1)..];
        var sp2 = afterMethod.IndexOf((byte)' ');
        if (sp2 <= 0 || afterMethod.LastIndexOf((byte)' ') != sp2)
        {
            error = "request line must be 'METHOD SP Request-URI SP SIP/2.0' with single spaces";
            return true;
        }

        var uri = afterMethod[..sp2];
        var version = afterMethod[(sp2 + 1)..];
        if (uri.IndexOfAny((byte)'\t', (byte)'<', (byte)'>') >= 0 || uri.IndexOf((byte)':') <= 0)
        {
            error = "Request-URI is not a valid URI";
            return true;
        }

        error = null;
        second = (start + sp1 + 1)..(start + sp1 + 1 + sp2);
        if (!HeaderNames.AsciiEqualsIgnoreCase(version, "SIP/2.0"))
        {
            var looksLikeVersion = version.Length > 4 && HeaderNames.AsciiEqualsIgnoreCase(version[..4], "SIP/");
            error = looksLikeVersion ? "unsupported SIP version" : "request line must end with SIP/2.0";
            status = looksLikeVersion ? 505 : 400;
        }

        return true;
    }

    /// <summary>Reads header lines in [start, end) into <paramref name="slots"/>; returns how many, and the first error.</summary>
    private static (int Count, string? Error) ReadHeaders(ReadOnlySpan<byte> data, int start, int end, Span<SipHeaderRange> slots, SipParserLimits limits)
    {
        var count = 0;
        var pos = start;
        var open = false;
        SipHeaderRange current = default;
        var max = Math.Min(limits.MaxHeaders, slots.Length);
        while (pos < end)
        {
            var nl = data[pos..end].IndexOf((byte)'\n');
            var lineEnd = nl < 0 ? end : pos + nl;
            var next = nl < 0 ? end : lineEnd + 1;
            var trimmedEnd = lineEnd > pos && data[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
            var line = data[pos..trimmedEnd];
            var lineStart = pos;
            pos = next;
            if (line.IsEmpty)
            {
                continue;
            }

            if (line[0] is (byte)' ' or (byte)'\t')
            {
                // Folded continuation (RFC 3261 §7.3.1): the value runs on to this line's end.
                if (!open)
                {
                    return (count, "continuation line before any header");
                }

                // The range runs to this line's end; SipParser unfolds it (each line trimmed, joined by one space).
                current = current with { ValueLength = lineStart + line.Length - current.ValueStart, Folded = true };
                continue;
            }

            if (open)
            {
                slots[count++] = current;
                if (count >= max)
                {
                    return (count, TooManyHeaders);
                }
            }

            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                return (count, "header line without a colon");
            }

            var rawName = line[..colon].TrimEnd(" \t"u8);
            if (!SipSyntax.IsToken(rawName))
            {
                return (count, "header name is not a token");
            }

            var valueArea = line[(colon + 1)..];
            var leading = valueArea.Length - valueArea.TrimStart(" \t"u8).Length;
            var value = valueArea.Trim(" \t"u8);
            current = new SipHeaderRange(lineStart, rawName.Length, lineStart + colon + 1 + leading, value.Length, false);
            open = true;
        }

        if (open)
        {
            slots[count++] = current;
        }

        return (count, null);
    }

    private static string? ContentLength(ReadOnlySpan<byte> data, ReadOnlySpan<SipHeaderRange> headers, out int contentLength)
    {
        contentLength = -1;
        foreach (var h in headers)
        {
            var name = data.Slice(h.NameStart, h.NameLength);
            if (!ReferenceEquals(HeaderNames.Canonical(name), HeaderNames.ContentLength))
            {
                continue;
            }

            if (!TryParseNonNegative(data.Slice(h.ValueStart, h.ValueLength), out var parsed))
            {
                return "Content-Length is not a non-negative number";
            }

            if (contentLength >= 0)
            {
                // RFC 3261 §20.14 allows one value; two (even equal) leave the framing ambiguous.
                return "multiple Content-Length headers";
            }

            contentLength = parsed;
        }

        return null;
    }

    /// <summary>Digits only (surrounding blanks allowed); values past int.MaxValue clamp to it, never wrap (the size limit then refuses them).</summary>
    private static bool TryParseNonNegative(ReadOnlySpan<byte> text, out int value)
    {
        text = text.Trim(" \t\r\n"u8);
        value = 0;
        if (text.IsEmpty)
        {
            return false;
        }

        long acc = 0;
        foreach (var c in text)
        {
            if (c is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            acc = Math.Min((acc * 10) + (c - '0'), int.MaxValue);
        }

        value = (int)acc;
        return true;
    }
}
