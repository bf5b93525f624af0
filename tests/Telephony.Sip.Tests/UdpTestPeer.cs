using System.Net;
using System.Net.Sockets;
using System.Text;
using Telephony.Sip.Messages;

namespace Telephony.Sip.Tests;

/// <summary>A raw UDP SIP peer on loopback for driving the stack byte for byte.</summary>
internal sealed class UdpTestPeer : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IPEndPoint _server;

    public UdpTestPeer(IPEndPoint server)
    {
        _server = server;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _socket.ReceiveTimeout = 3000;
    }

    public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    public void Send(string text) => Send(Encoding.UTF8.GetBytes(text));

    public void Send(byte[] bytes) => _socket.SendTo(bytes, _server);

    /// <summary>The next message, or null if none arrives within <paramref name="timeoutMs"/>.</summary>
    public SipMessage? Receive(int timeoutMs = 3000) => ReceiveDatagram(timeoutMs) is { } datagram ? Parse(datagram) : null;

    /// <summary>The next datagram as sent (for counting bytes), or null if none arrives within <paramref name="timeoutMs"/>.</summary>
    public byte[]? ReceiveDatagram(int timeoutMs = 3000)
    {
        var buffer = new byte[65536];
        _socket.ReceiveTimeout = timeoutMs;
        try
        {
            var n = _socket.Receive(buffer);
            return buffer[..n];
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
        {
            return null;
        }
    }

    public static SipMessage Parse(byte[] datagram)
    {
        var result = SipParser.Parse(datagram, isStream: false);
        return result.Message ?? throw new AssertionException("server sent an unparseable datagram: " + result.Error);
    }

    public SipResponse ReceiveResponse(int timeoutMs = 3000) =>
        Receive(timeoutMs) as SipResponse ?? throw new AssertionException("expected a response");

    public void Dispose() => _socket.Dispose();
}
