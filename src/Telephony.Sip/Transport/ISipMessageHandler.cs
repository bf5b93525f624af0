using System.Net;
using Telephony.Sip.Messages;

namespace Telephony.Sip.Transport;

/// <summary>Receives what the transports read: parsed messages and parse failures, and what went wrong reading them.</summary>
/// <remarks>Called on transport receive threads; implementations must not block.</remarks>
public interface ISipMessageHandler
{
    /// <summary>
    /// Whether to handle one message (a datagram, or one message framed from a stream) from
    /// <paramref name="source"/> at all (rate limits, bans); checked before the message is handled.
    /// </summary>
    bool AcceptFrom(IPEndPoint source);

    /// <summary>Whether a new TCP/TLS connection from <paramref name="source"/> may stay open.</summary>
    bool AcceptConnection(IPEndPoint source, int openFromSameAddress);

    void OnMessage(SipMessage message, SipSource source);

    /// <summary>A datagram or stream chunk that is not a usable SIP message.</summary>
    void OnInvalid(in SipParseResult result, SipSource source);

    /// <summary>A new connection closed at once because <paramref name="open"/> connections already reached the global cap.</summary>
    void OnConnectionOverCapacity(IPEndPoint source, int open, int cap);

    /// <summary>A connection closed because a message begun was not complete within the message timeout.</summary>
    void OnMessageTimeout(IPEndPoint source, TimeSpan timeout);

    /// <summary>
    /// Handling one datagram or one connection threw: the transport dropped that datagram (or
    /// message, or connection) and goes on serving the others.
    /// </summary>
    void OnReceiveError(Exception error, SipTransportKind transport, IPEndPoint? source);

    /// <summary>Accepting a connection failed (e.g. out of file descriptors); the accept loop waits <paramref name="backoff"/> and tries again.</summary>
    void OnAcceptError(Exception error, SipTransportKind transport, TimeSpan backoff);
}
