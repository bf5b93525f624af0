using System.Globalization;
using Telephony.Sip.Headers;

namespace Telephony.Sip.Messages;

/// <summary>Why a parsed message cannot be processed, and the response a UAS owes for it.</summary>
public sealed record SipValidationError(int Status, string Reason);

/// <summary>
/// Checks the headers every message must carry and the syntax of the headers the stack relies
/// on (RFC 3261 §8.1.1, §8.2, §20, §25): the checks that decide between processing a request and
/// answering 400. Headers nobody reads (extensions) are not judged.
/// </summary>
public static class SipMessageValidator
{
    private static readonly string[] SingleValued = [HeaderNames.From, HeaderNames.To, HeaderNames.CallId, HeaderNames.CSeq];

    public static SipValidationError? Validate(SipMessage message)
    {
        var h = message.Headers;
        foreach (var single in SingleValued)
        {
            var count = h.CountOf(single);
            if (count == 0)
            {
                return Bad($"Missing {single} header");
            }

            if (count > 1)
            {
                return Bad($"Multiple {single} headers");
            }
        }

        var vias = h.GetValues(HeaderNames.Via);
        if (vias.Count == 0)
        {
            return Bad("Missing Via header");
        }

        if (vias.Any(v => !ViaHeader.TryParse(v, out _)))
        {
            return Bad("Malformed Via header");
        }

        if (message.From is null)
        {
            return Bad("Malformed From header");
        }

        if (message.To is null)
        {
            return Bad("Malformed To header");
        }

        if (message.CSeq is not { } cseq)
        {
            return Bad("Malformed CSeq header");
        }

        if (string.IsNullOrWhiteSpace(message.CallId) || message.CallId.AsSpan().IndexOfAny(" \t") >= 0)
        {
            return Bad("Malformed Call-ID header");
        }

        if (h.CountOf(HeaderNames.MaxForwards) > 1 || (h.Get(HeaderNames.MaxForwards) is { } mf && message.MaxForwards is not (>= 0 and <= 255)))
        {
            return Bad("Malformed Max-Forwards header");
        }

        return ValidateOptionalHeaders(h) ?? (message is SipRequest request ? ValidateRequest(request, cseq) : ValidateResponse(h));
    }

    private static SipValidationError? ValidateOptionalHeaders(SipHeaderCollection h)
    {
        foreach (var contact in h.GetValues(HeaderNames.Contact))
        {
            if (contact != "*" && !NameAddress.TryParse(contact, out _))
            {
                return Bad("Malformed Contact header");
            }
        }

        foreach (var name in new[] { HeaderNames.Route, HeaderNames.RecordRoute })
        {
            if (h.GetValues(name).Any(v => !NameAddress.TryParse(v, out _)))
            {
                return Bad($"Malformed {name} header");
            }
        }

        if (h.Get(HeaderNames.Expires) is { } expires && !IsDeltaSeconds(expires))
        {
            return Bad("Malformed Expires header");
        }

        // rfc1123-date with the mandatory "GMT" zone (RFC 3261 §20.17).
        if (h.Get("Date") is { } date && (!date.TrimEnd().EndsWith(" GMT", StringComparison.Ordinal)
            || !DateTimeOffset.TryParseExact(date.Trim(), "r", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)))
        {
            return Bad("Malformed Date header");
        }

        return null;
    }

    private static SipValidationError? ValidateRequest(SipRequest request, CSeqHeader cseq)
    {
        if (!string.Equals(cseq.Method, request.Method, StringComparison.Ordinal))
        {
            return Bad("CSeq method does not match the request method");
        }

        if (!SipUri.TryParse(request.RequestUri, out var uri))
        {
            return Bad("Malformed Request-URI");
        }

        if (uri.IsSip && uri.UriHeaders is not null)
        {
            // §19.1.1: headers are not allowed in a Request-URI (RFC 4475 §3.1.2.11).
            return Bad("Request-URI must not contain headers");
        }

        return null;
    }

    private static SipValidationError? ValidateResponse(SipHeaderCollection h)
    {
        if (h.Get("Retry-After") is { } retry && !IsDeltaSeconds(retry.Split(';', '(')[0]))
        {
            return Bad("Malformed Retry-After header");
        }

        foreach (var warning in h.GetValues("Warning"))
        {
            var code = warning.Split(' ', 2)[0];
            if (code.Length != 3 || !code.All(char.IsAsciiDigit))
            {
                return Bad("Malformed Warning header");
            }
        }

        return null;
    }

    /// <summary>delta-seconds within 32 bits (RFC 3261 §25.1 caps them at 2^32-1).</summary>
    private static bool IsDeltaSeconds(string text) =>
        uint.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out _);

    private static SipValidationError Bad(string reason) => new(400, reason);
}
