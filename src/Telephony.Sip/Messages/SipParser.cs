using System.Buffers.Text;
using System.Text;

namespace Telephony.Sip.Messages;

/// <summary>Parses SIP messages (RFC 3261 §7, §25) straight from received bytes.</summary>
/// <remarks>
/// Works on spans: the start line and header names are read in place, known header names map to
/// interned strings, and only header values and the body are materialised. Stream transports call
/// it repeatedly as bytes arrive (it reports <see cref="SipParseStatus.Incomplete"/>); datagram
/// transports call it once per datagram. Thread-safe (no state).
/// </remarks>
public static class SipParser
{
    private const string TooManyHeaders = "too many header lines";
    private static readonly UTF8Encoding StrictUtf8 = new(false, false);

    public static SipParseResult Parse(ReadOnlySpan<byte> data, bool isStream, SipParserLimits? limits = null)
    {
        limits ??= SipParserLimits.Default;
        var pos = 0;
        while (pos < data.Length && (data[pos] == '\r' || data[pos] == '\n'))
        {
            pos++;
        }

        if (pos == data.Length)
        {
            return new SipParseResult(pos == 0 && isStream ? SipParseStatus.Incomplete : SipParseStatus.KeepAlive, null, pos);
        }

        var rest = data[pos..];
        var (headerEnd, separatorLength) = FindHeaderEnd(rest);
        if (headerEnd < 0)
        {
            if (rest.Length > limits.MaxMessageBytes)
            {
                return Invalid(null, pos, "header section exceeds the message size limit", 513);
            }

            return isStream
                ? new SipParseResult(SipParseStatus.Incomplete, null, pos)
                : Invalid(null, data.Length, "no empty line ends the headers (truncated message?)");
        }

        if (headerEnd > limits.MaxMessageBytes)
        {
            return Invalid(null, isStream ? pos : data.Length, "header section exceeds the message size limit", 513);
        }

        var head = rest[..headerEnd];
        var lineEnd = head.IndexOf((byte)'\n');
        var startLine = TrimCr(lineEnd < 0 ? head : head[..lineEnd]);
        var message = ParseStartLine(startLine, out var startError, out var startStatus);
        if (message is null)
        {
            return Invalid(null, isStream ? pos : data.Length, startError ?? "bad start line", startStatus);
        }

        var headerError = lineEnd < 0 ? null : ParseHeaders(head[(lineEnd + 1)..], message, limits);
        var bodyStart = headerEnd + separatorLength;
        if (startError is not null)
        {
            // A readable request of another SIP version: keep its headers so a 505 can be sent.
            return Invalid(message, isStream ? pos + bodyStart : data.Length, startError, startStatus);
        }

        var lengthError = ReadContentLength(message, out var contentLength);
        if (headerError == TooManyHeaders)
        {
            // Answering would echo hundreds of Via lines back at a likely attacker: drop it.
            return Invalid(null, isStream ? pos + bodyStart : data.Length, headerError, 513);
        }

        if (headerError is not null || lengthError is not null)
        {
            return Invalid(message, isStream ? pos + bodyStart : data.Length, headerError ?? lengthError!,
                lengthError is not null && contentLength > limits.MaxMessageBytes ? 513 : 400);
        }

        var available = rest.Length - bodyStart;
        int bodyLength;
        if (contentLength < 0)
        {
            // No Content-Length: on a stream that means no body; a datagram's body is the rest of it (RFC 3261 §18.3).
            bodyLength = isStream ? 0 : available;
        }
        else if ((long)bodyStart + contentLength > limits.MaxMessageBytes)
        {
            return Invalid(message, isStream ? pos + bodyStart : data.Length, "message exceeds the size limit", 513);
        }
        else if (contentLength > available)
        {
            if (isStream)
            {
                return new SipParseResult(SipParseStatus.Incomplete, null, pos);
            }

            return Invalid(message, data.Length, "Content-Length is larger than the datagram's body");
        }
        else
        {
            bodyLength = contentLength;
        }

        if (bodyLength > 0)
        {
            message.Body = rest.Slice(bodyStart, bodyLength).ToArray();
        }

        var consumed = isStream ? pos + bodyStart + bodyLength : data.Length;
        return new SipParseResult(SipParseStatus.Complete, message, consumed);
    }

    private static SipParseResult Invalid(SipMessage? partial, int consumed, string error, int status = 400) =>
        new(SipParseStatus.Invalid, partial, consumed, error, status);

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

    private static ReadOnlySpan<byte> TrimCr(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == '\r' ? line[..^1] : line;

    private static SipMessage? ParseStartLine(ReadOnlySpan<byte> line, out string? error, out int status)
    {
        status = 400;
        if (line.StartsWith("SIP/"u8))
        {
            return ParseStatusLine(line, out error);
        }

        var sp1 = line.IndexOf((byte)' ');
        if (sp1 <= 0 || !SipSyntax.IsToken(line[..sp1]))
        {
            error = "request line has no valid method";
            return null;
        }

        // From here the method is known, so even a broken request line yields a request whose
        // headers are read: the UAS can still answer 400 (RFC 4475 §3.1.2.7-3.1.2.10).
        var method = Encoding.ASCII.GetString(line[..sp1]);
        var afterMethod = line[(sp1 + 1)..];
        var sp2 = afterMethod.IndexOf((byte)' ');
        if (sp2 <= 0 || afterMethod.LastIndexOf((byte)' ') != sp2)
        {
            error = "request line must be 'METHOD SP Request-URI SP SIP/2.0' with single spaces";
            return new SipRequest(method, string.Empty);
        }

        var uri = afterMethod[..sp2];
        var version = afterMethod[(sp2 + 1)..];
        if (uri.IndexOfAny((byte)'\t', (byte)'<', (byte)'>') >= 0 || uri.IndexOf((byte)':') <= 0)
        {
            error = "Request-URI is not a valid URI";
            return new SipRequest(method, string.Empty);
        }

        error = null;
        if (!HeaderNames.AsciiEqualsIgnoreCase(version, "SIP/2.0"))
        {
            var looksLikeVersion = version.Length > 4 && HeaderNames.AsciiEqualsIgnoreCase(version[..4], "SIP/");
            error = looksLikeVersion ? "unsupported SIP version" : "request line must end with SIP/2.0";
            status = looksLikeVersion ? 505 : 400;
        }

        return new SipRequest(method, Encoding.UTF8.GetString(uri));
    }

    private static SipResponse? ParseStatusLine(ReadOnlySpan<byte> line, out string? error)
    {
        // SIP/2.0 SP 3DIGIT SP reason-phrase (the phrase may be empty, RFC 4475 §3.1.1.13).
        if (line.Length < 11 || !line[..8].SequenceEqual("SIP/2.0 "u8) || (line.Length > 11 && line[11] != ' '))
        {
            error = "status line must be 'SIP/2.0 SP code SP reason'";
            return null;
        }

        if (!Utf8Parser.TryParse(line.Slice(8, 3), out int code, out var used) || used != 3 || code < 100 || code > 699)
        {
            error = "status code must be three digits from 100 to 699";
            return null;
        }

        error = null;
        var reason = line.Length > 12 ? StrictUtf8.GetString(line[12..]) : string.Empty;
        return new SipResponse(code, reason);
    }

    private static string? ParseHeaders(ReadOnlySpan<byte> block, SipMessage message, SipParserLimits limits)
    {
        string? name = null;
        string? value = null;
        while (!block.IsEmpty)
        {
            var nl = block.IndexOf((byte)'\n');
            var line = TrimCr(nl < 0 ? block : block[..nl]);
            block = nl < 0 ? default : block[(nl + 1)..];
            if (line.IsEmpty)
            {
                continue;
            }

            if (line[0] is (byte)' ' or (byte)'\t')
            {
                // Folded continuation (RFC 3261 §7.3.1): joins the previous value with one space.
                if (name is null)
                {
                    return "continuation line before any header";
                }

                value = value + " " + StrictUtf8.GetString(line.Trim(" \t"u8));
                continue;
            }

            if (name is not null)
            {
                message.Headers.Add(name, value!);
                if (message.Headers.Count >= limits.MaxHeaders)
                {
                    return TooManyHeaders;
                }
            }

            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                return "header line without a colon";
            }

            var rawName = line[..colon].TrimEnd(" \t"u8);
            if (!SipSyntax.IsToken(rawName))
            {
                return "header name is not a token";
            }

            name = HeaderNames.Canonical(rawName) ?? Encoding.ASCII.GetString(rawName);
            value = StrictUtf8.GetString(line[(colon + 1)..].Trim(" \t"u8));
        }

        if (name is not null)
        {
            message.Headers.Add(name, value!);
        }

        return null;
    }

    private static string? ReadContentLength(SipMessage message, out int contentLength)
    {
        contentLength = -1;
        foreach (var h in message.Headers)
        {
            if (!ReferenceEquals(h.Name, HeaderNames.ContentLength))
            {
                continue;
            }

            if (!SipSyntax.TryParseNonNegative(h.Value, out var parsed))
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
}
