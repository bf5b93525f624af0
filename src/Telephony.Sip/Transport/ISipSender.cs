using System.Net;

namespace Telephony.Sip.Transport;

/// <summary>A way to put bytes on the wire: the UDP socket, or one TCP/TLS connection.</summary>
/// <remarks>Implementations are thread-safe; sends never block on the network for long.</remarks>
public interface ISipSender
{
    SipTransportKind Kind { get; }

    /// <summary>True for TCP/TLS: no retransmissions (RFC 3261 §17.1.1.2).</summary>
    bool IsReliable { get; }

    /// <summary>The local address/port messages from this sender leave from.</summary>
    IPEndPoint LocalEndPoint { get; }

    /// <summary>Sends one whole message. <paramref name="remote"/> is ignored by connections.</summary>
    /// <returns>False when the message could not be sent (connection closed, socket error).</returns>
    bool Send(ReadOnlySpan<byte> message, IPEndPoint remote);

    /// <summary>Like <see cref="Send"/>, with why it failed (a socket error's name), for logs that say what went wrong.</summary>
    bool TrySend(ReadOnlySpan<byte> message, IPEndPoint remote, out string? error)
    {
        error = Send(message, remote) ? null : "send failed";
        return error is null;
    }
}
