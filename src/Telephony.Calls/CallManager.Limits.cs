using System.Net;

namespace Telephony.Calls;

/// <summary>The call limits' side of the call manager: a caller whose 2xx is never ACKed is struck against its address.</summary>
public sealed partial class CallManager
{
    /// <summary>
    /// A call that ended for want of an ACK cost us a port and 64·T1 of retransmissions for
    /// nothing: repeat offenders are banned like rate offenders (the SIP stack counts the strikes).
    /// </summary>
    private void StrikeIfNeverAcked(Call call, IPAddress source)
    {
        if (call.HowEnded?.Cause == "no-ack" && _services.Admission?.Limits.NoAckStrikes is > 0 and var strikes && Sip is { } sip)
        {
            sip.Strike(source, "no-ack", strikes);
        }
    }
}
