using System.Net;
using System.Net.Sockets;
using Telephony.Media.Rtp;

namespace Telephony.Media.Tests.Bridge;

/// <summary>A phone on loopback: a real UDP socket that sends RTP to a session and records every packet the session sends it.</summary>
internal sealed class RtpPeer : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly List<(RtpHeader Header, byte[] Payload)> _received = [];
    private readonly Thread _loop;
    private readonly byte[] _send = new byte[1500];
    private volatile bool _stopping;

    public RtpPeer()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _socket.ReceiveTimeout = 200;
        _loop = new Thread(Receive) { IsBackground = true, Name = "rtp-peer" };
        _loop.Start();
    }

    public IPEndPoint EndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public uint Ssrc { get; init; } = 0x11223344;

    /// <summary>Everything received so far, in arrival order.</summary>
    public List<(RtpHeader Header, byte[] Payload)> Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    public void Send(RtpSession to, int payloadType, ushort sequence, uint timestamp, ReadOnlySpan<byte> payload, bool marker = false, uint? ssrc = null)
    {
        new RtpHeader(marker, (byte)payloadType, sequence, timestamp, ssrc ?? Ssrc).TryWrite(_send, out var n);
        payload.CopyTo(_send.AsSpan(n));
        _socket.SendTo(_send.AsSpan(0, n + payload.Length), SocketFlags.None, new IPEndPoint(IPAddress.Loopback, to.BoundPort));
    }

    /// <summary>Waits (generously: the machine may be loaded) until the packets received satisfy <paramref name="done"/>.</summary>
    public List<(RtpHeader Header, byte[] Payload)> WaitFor(Func<List<(RtpHeader Header, byte[] Payload)>, bool> done, string what, int timeoutMs = 10000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (true)
        {
            var packets = Received;
            if (done(packets))
            {
                return packets;
            }

            if (Environment.TickCount64 > deadline)
            {
                Assert.Fail($"timed out waiting for {what}; {packets.Count} packets received");
            }

            Thread.Sleep(10);
        }
    }

    private void Receive()
    {
        var buffer = new byte[2048];
        while (!_stopping)
        {
            int n;
            try
            {
                n = _socket.Receive(buffer);
            }
            catch (SocketException)
            {
                continue;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            if (RtpHeader.TryRead(buffer.AsSpan(0, n), out var header, out var offset, out var length))
            {
                lock (_received)
                {
                    _received.Add((header, buffer.AsSpan(offset, length).ToArray()));
                }
            }
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _loop.Join(1000);
        _socket.Dispose();
    }
}
