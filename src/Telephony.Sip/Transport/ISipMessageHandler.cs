using Telephony.Sip.Messages;

namespace Telephony.Sip.Transport;

/// <summary>Receives what the transports read: parsed messages and parse failures.</summary>
/// <remarks>Called on transport receive threads; implementations must not block.</remarks>
public interface ISipMessageHandler
{
    /// <summary>Whether to read what <paramref name="source"/> sent at all (rate limits, bans); checked before parsing.</summary>
    bool AcceptFrom(System.Net.IPEndPoint source);

    /// <summary>Whether a new TCP/TLS connection from <paramref name="source"/> may stay open.</summary>
    bool AcceptConnection(System.Net.IPEndPoint source, int openFromSameAddress);

    void OnMessage(SipMessage message, SipSource source);

    /// <summary>A datagram or stream chunk that is not a usable SIP message.</summary>
    void OnInvalid(in SipParseResult result, SipSource source);
}
