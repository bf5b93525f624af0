using Telephony.Sdp;
using Telephony.Sip.Messages;

namespace Telephony.Calls.Screening;

/// <summary>Why an INVITE is refused before a call exists, and what the refusal carries.</summary>
/// <param name="Status">The final response to send.</param>
/// <param name="Cause">The CDR cause.</param>
/// <param name="Reason">A sentence for logs and <c>sip lint</c>.</param>
/// <param name="Headers">Headers the response must carry (Accept with 415, RFC 3261 §21.4.13).</param>
public sealed record InviteRejection(int Status, string Cause, string Reason, IReadOnlyList<SipHeader> Headers);

/// <summary>The body checks an INVITE must pass before we negotiate media (RFC 3261 §8.2.3, §21.4.7).</summary>
/// <remarks>Used by the live call path and by <c>sip lint</c>, so both refuse the same way.</remarks>
public static class InviteScreening
{
    private static readonly SipHeader AcceptSdp = new(HeaderNames.Accept, "application/sdp");

    /// <summary>Null when the INVITE may proceed; <paramref name="offer"/> is null for an offerless INVITE.</summary>
    public static InviteRejection? Check(SipRequest invite, out SessionDescription? offer)
    {
        offer = null;
        if (invite.Headers.Get(HeaderNames.Accept) is not null
            && !invite.Headers.GetValues(HeaderNames.Accept).Any(AcceptsSdp))
        {
            return new InviteRejection(406, "not-acceptable", "Accept does not allow application/sdp, the only body we can answer with", []);
        }

        var encoding = invite.Headers.Get(HeaderNames.ContentEncoding);
        if (encoding is not null && !encoding.Trim().Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            return new InviteRejection(415, "unsupported-media-type", $"Content-Encoding '{encoding}' is not supported", [new("Accept-Encoding", "identity")]);
        }

        if (invite.Body.IsEmpty)
        {
            // Delayed offer (RFC 3261 §13.2.1): we offer in the 2xx, the answer comes in the ACK.
            return null;
        }

        var type = invite.ContentType?.Split(';')[0].Trim();
        if (!string.Equals(type, "application/sdp", StringComparison.OrdinalIgnoreCase))
        {
            return new InviteRejection(415, "unsupported-media-type", $"body of type '{type ?? "(none)"}' instead of application/sdp", [AcceptSdp]);
        }

        if (!SessionDescription.TryParse(invite.Body.Span, out offer, out var error))
        {
            return new InviteRejection(488, "bad-sdp", "unusable SDP offer: " + error, []);
        }

        return null;
    }

    private static bool AcceptsSdp(string value)
    {
        var type = value.Split(';')[0].Trim();
        return type.Equals("application/sdp", StringComparison.OrdinalIgnoreCase)
            || type.Equals("application/*", StringComparison.OrdinalIgnoreCase)
            || type == "*/*";
    }
}
