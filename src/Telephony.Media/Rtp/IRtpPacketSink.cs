using System.Net;

namespace Telephony.Media.Rtp;

/// <summary>Where an <see cref="RtpSocket"/> delivers the datagrams it receives while a call holds it.</summary>
public interface IRtpPacketSink
{
    /// <summary>
    /// One datagram; <paramref name="packet"/> and <paramref name="source"/> are valid only during
    /// the call (the socket's buffers are reused). Runs on a socket completion thread: keep it short.
    /// </summary>
    void OnDatagram(ReadOnlySpan<byte> packet, SocketAddress source);
}
