using Telephony.Sip.Messages;

namespace Telephony.Sip.Transport;

/// <summary>Receives what the transports read: parsed messages and parse failures.</summary>
/// <remarks>Called on transport receive threads; implementations must not block.</remarks>
public interface ISipMessageHandler
{
    void OnMessage(SipMessage message, SipSource source);

    /// <summary>A datagram or stream chunk that is not a usable SIP message.</summary>
    void OnInvalid(in SipParseResult result, SipSource source);
}
