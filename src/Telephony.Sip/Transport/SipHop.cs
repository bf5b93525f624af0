using System.Net;

namespace Telephony.Sip.Transport;

/// <summary>Where a request is sent next: an address and the transport to reach it by.</summary>
public readonly record struct SipHop(IPEndPoint EndPoint, SipTransportKind Transport)
{
    public override string ToString() => $"{EndPoint} ({Transport.ToString().ToLowerInvariant()})";
}
