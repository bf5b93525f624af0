using System.Net;
using Telephony.Sip.Transport;

namespace Telephony.Sip.Dns;

/// <summary>One place to send a SIP request to: an address, a port and the transport to use there.</summary>
public sealed record SipTarget(IPEndPoint EndPoint, SipTransportKind Transport);
