using Telephony.Sip.Messages;

namespace Telephony.Sip.Transactions;

/// <summary>Builds the ACK for a non-2xx final response (RFC 3261 §17.1.1.3).</summary>
public static class AckBuilder
{
    /// <remarks>
    /// Same Request-URI, Call-ID, From, top Via (so the same branch) and Route headers as the
    /// INVITE; To from the response (with its tag); CSeq number of the INVITE with method ACK.
    /// </remarks>
    public static SipRequest ForFailure(SipRequest invite, SipResponse response)
    {
        var ack = new SipRequest("ACK", invite.RequestUri);
        ack.Headers.Add(HeaderNames.Via, invite.Headers.GetValues(HeaderNames.Via)[0]);
        ack.Headers.Add(HeaderNames.MaxForwards, "70");
        ack.Headers.Add(HeaderNames.From, invite.Headers.Get(HeaderNames.From)!);
        ack.Headers.Add(HeaderNames.To, response.Headers.Get(HeaderNames.To)!);
        ack.Headers.Add(HeaderNames.CallId, invite.CallId!);
        ack.Headers.Add(HeaderNames.CSeq, $"{invite.CSeq!.Value.Number} ACK");
        foreach (var route in invite.Headers.GetValues(HeaderNames.Route))
        {
            ack.Headers.Add(HeaderNames.Route, route);
        }

        return ack;
    }
}
