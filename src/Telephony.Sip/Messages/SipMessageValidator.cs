using Telephony.Sip.Headers;

namespace Telephony.Sip.Messages;

/// <summary>Why a parsed message cannot be processed, and the response a UAS owes for it.</summary>
public sealed record SipValidationError(int Status, string Reason);

/// <summary>
/// Checks the headers every message must carry and their syntax (RFC 3261 §8.1.1, §8.2):
/// the checks that decide between processing a request and answering 400.
/// </summary>
public static class SipMessageValidator
{
    public static SipValidationError? Validate(SipMessage message)
    {
        var h = message.Headers;
        foreach (var single in SingleValued)
        {
            var count = h.CountOf(single);
            if (count == 0)
            {
                return new SipValidationError(400, $"Missing {single} header");
            }

            if (count > 1)
            {
                return new SipValidationError(400, $"Multiple {single} headers");
            }
        }

        if (h.CountOf(HeaderNames.Via) == 0)
        {
            return new SipValidationError(400, "Missing Via header");
        }

        if (message.TopVia is null)
        {
            return new SipValidationError(400, "Malformed Via header");
        }

        if (message.From is null)
        {
            return new SipValidationError(400, "Malformed From header");
        }

        if (message.To is null)
        {
            return new SipValidationError(400, "Malformed To header");
        }

        if (message.CSeq is not { } cseq)
        {
            return new SipValidationError(400, "Malformed CSeq header");
        }

        if (string.IsNullOrWhiteSpace(message.CallId) || message.CallId.AsSpan().IndexOfAny(" \t") >= 0)
        {
            return new SipValidationError(400, "Malformed Call-ID header");
        }

        if (h.Get(HeaderNames.MaxForwards) is { } mf && message.MaxForwards is not (>= 0 and <= 255))
        {
            return new SipValidationError(400, $"Malformed Max-Forwards header '{mf}'");
        }

        if (message is SipRequest request)
        {
            if (!string.Equals(cseq.Method, request.Method, StringComparison.Ordinal))
            {
                return new SipValidationError(400, "CSeq method does not match the request method");
            }

            if (!SipUri.TryParse(request.RequestUri, out var uri))
            {
                return new SipValidationError(400, "Malformed Request-URI");
            }

            if (!uri.IsSip && !uri.Scheme.Equals("tel", StringComparison.OrdinalIgnoreCase))
            {
                return new SipValidationError(416, "Unsupported URI Scheme");
            }
        }

        return null;
    }

    private static readonly string[] SingleValued = [HeaderNames.From, HeaderNames.To, HeaderNames.CallId, HeaderNames.CSeq];
}
