using System.Net;
using Telephony.Sip.Messages;
using Telephony.Sip.Transport;

namespace Telephony.Sip.Transactions;

/// <summary>Where a UAS sends responses to a request (RFC 3261 §18.2.2, RFC 3581 §4).</summary>
public static class ResponseRouting
{
    /// <remarks>
    /// Reliable transports answer on the connection the request came in on. Over UDP the source
    /// IP is used (it is what "received" would say); the port is the source port when the client
    /// asked for rport, else the sent-by port (default 5060).
    /// </remarks>
    public static IPEndPoint TargetFor(SipMessage request, SipSource source)
    {
        if (source.IsReliable)
        {
            return source.Remote;
        }

        var via = request.TopVia;
        if (via is null || via.HasRPort)
        {
            return source.Remote;
        }

        var port = via.Port ?? 5060;
        return port == source.Remote.Port ? source.Remote : new IPEndPoint(source.Remote.Address, port);
    }
}
