using System.Net;
using System.Net.Sockets;

namespace Telephony.Media.Rtp;

/// <summary>
/// The transport port of one call: where packets go (the SDP's address until symmetric RTP
/// latches the caller's real source), which sources are heard (strict RTP through
/// <see cref="RtpSourceGuard"/>), hold (not sending), and the counters and RTP timeout that follow.
/// </summary>
/// <remarks>
/// <see cref="Send"/> runs on the clock thread or a bridge's receive path, <see cref="TryAccept"/>
/// on the receive loop; the remote address is published with volatile writes. Sends go to a cached
/// <see cref="SocketAddress"/>: nothing is allocated per packet.
/// </remarks>
internal sealed class RtpTransport
{
    private readonly Socket _socket;
    private readonly RtpSourceGuard _guard;
    private IPEndPoint _remoteEndPoint;
    private SocketAddress _remote;
    private IPEndPoint? _latched;
    private bool _sending = true;
    private long _lastReceivedMs = Environment.TickCount64;
    private long _sent;
    private long _received;
    private long _malformed;
    private long _unknownPayload;
    private int _timedOut;

    public RtpTransport(Socket socket, int strictRtpProbation, IPEndPoint remote)
    {
        _socket = socket;
        _guard = new RtpSourceGuard(strictRtpProbation);
        _remoteEndPoint = remote;
        _remote = remote.Serialize();
    }

    public long Sent => Interlocked.Read(ref _sent);

    public long Received => Interlocked.Read(ref _received);

    public long Malformed => Interlocked.Read(ref _malformed);

    public long UnknownPayload => Interlocked.Read(ref _unknownPayload);

    public long ForeignDropped => _guard.ForeignDropped;

    public long Relatches => _guard.Relatches;

    /// <summary>Where our RTP goes since the caller's first packet (symmetric RTP).</summary>
    public IPEndPoint? Latched => Volatile.Read(ref _latched);

    /// <summary>False while the peer must not get media (on hold): what would be sent is dropped.</summary>
    public bool IsSending => Volatile.Read(ref _sending);

    /// <summary>The negotiated remote (before the first packet) and the only IPs media is taken from.</summary>
    public void Configure(IPEndPoint remote, IPAddress? signallingSource)
    {
        Volatile.Write(ref _remoteEndPoint, remote);
        Volatile.Write(ref _remote, remote.Serialize());
        _guard.Allow(remote.Address, signallingSource, _socket.AddressFamily);
    }

    /// <summary>A re-INVITE: new remote, hold or not; the next packet re-latches.</summary>
    public void Update(IPEndPoint remote, bool send)
    {
        Volatile.Write(ref _remoteEndPoint, remote);
        Volatile.Write(ref _remote, remote.Serialize());
        Volatile.Write(ref _latched, null);
        _guard.Unlatch();
        MarkAlive();
        Volatile.Write(ref _sending, send);
    }

    /// <summary>The RTP timeout counts from now (receiving or sending started, the remote changed).</summary>
    public void MarkAlive() => Volatile.Write(ref _lastReceivedMs, Environment.TickCount64);

    /// <summary>Sends one packet unless on hold; false when it was not sent.</summary>
    public bool Send(ReadOnlySpan<byte> packet)
    {
        if (!Volatile.Read(ref _sending))
        {
            return false;
        }

        try
        {
            _socket.SendTo(packet, SocketFlags.None, Volatile.Read(ref _remote));
            Interlocked.Increment(ref _sent);
            RtpTotals.Sent();
            return true;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // ICMP unreachable or closing: the next packet tries again; the call decides when to give up.
            return false;
        }
    }

    public void CountMalformed() => Interlocked.Increment(ref _malformed);

    public void CountUnknownPayload() => Interlocked.Increment(ref _unknownPayload);

    /// <summary>Receive loop: whether a negotiated packet from <paramref name="source"/> is heard (latching on the first one).</summary>
    public bool TryAccept(ushort sequenceNumber, SocketAddress source)
    {
        if (!_guard.TryAccept(source, sequenceNumber, Volatile.Read(ref _lastReceivedMs), out var latchedNow))
        {
            return false;
        }

        if (latchedNow is not null)
        {
            Volatile.Write(ref _latched, (IPEndPoint)Volatile.Read(ref _remoteEndPoint).Create(latchedNow));
            Volatile.Write(ref _remote, latchedNow);
        }

        Interlocked.Increment(ref _received);
        RtpTotals.Received();
        MarkAlive();
        return true;
    }

    /// <summary>Clock thread: true once, when nothing came for <paramref name="limit"/> while sending.</summary>
    public bool TimedOut(TimeSpan? limit)
    {
        if (limit is not { } l || !Volatile.Read(ref _sending) || Volatile.Read(ref _timedOut) != 0)
        {
            return false;
        }

        return Environment.TickCount64 - Volatile.Read(ref _lastReceivedMs) > l.TotalMilliseconds && Interlocked.Exchange(ref _timedOut, 1) == 0;
    }
}
