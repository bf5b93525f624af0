using System.Net;

namespace Telephony.Sip.Transport;

/// <summary>Where a message came from: the sender to answer through and the peer's address.</summary>
public readonly record struct SipSource(ISipSender Sender, IPEndPoint Remote)
{
    public bool IsReliable => Sender.IsReliable;
}
