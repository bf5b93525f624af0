using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Telephony.Media.Rtcp;

namespace Telephony.Media.Rtp;

/// <summary>
/// The RTCP half of a call's media (RFC 3550 §6) on the RTP port + 1: sends our SR (or RR while we
/// send nothing) with a report block on the caller's stream and SDES CNAME every 5 s or so, and
/// reads the caller's reports: their SRs feed our LSR/DLSR, their blocks about us give the
/// round-trip time. Malformed datagrams are dropped and counted.
/// </summary>
/// <remarks>Sends run on the media clock thread, receives on one async loop; both touch only thread-safe state.</remarks>
internal sealed class RtcpChannel : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly uint _ssrc;
    private readonly string _cname;
    private readonly RtpReceiverStatistics _stats;
    private readonly long _epoch = System.Diagnostics.Stopwatch.GetTimestamp();
    private readonly CancellationTokenSource _stop = new();
    private readonly byte[] _out = new byte[512];
    private SocketAddress? _remote;
    private Task? _loop;
    private long _roundTripTicks = -1;
    private long _received;
    private long _malformed;
    private long _sentReports;
    private uint _remoteSsrc;
    private int _disposed;

    public RtcpChannel(IPAddress local, int port, uint ssrc, RtpReceiverStatistics stats)
    {
        _ssrc = ssrc;
        _stats = stats;
        _cname = $"telephony@{Environment.MachineName}";
        _socket = new Socket(local.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        if (local.AddressFamily == AddressFamily.InterNetworkV6)
        {
            _socket.DualMode = true;
        }

        try
        {
            _socket.Bind(new IPEndPoint(local, port));
        }
        catch
        {
            _socket.Dispose();
            throw;
        }
    }

    public long Received => Interlocked.Read(ref _received);

    public long Malformed => Interlocked.Read(ref _malformed);

    public long ReportsSent => Interlocked.Read(ref _sentReports);

    /// <summary>The latest round-trip time from a report about our stream, if one came.</summary>
    public TimeSpan? RoundTrip => Interlocked.Read(ref _roundTripTicks) is var t and >= 0 ? TimeSpan.FromTicks(t) : null;

    /// <summary>Where reports go: the caller's RTP port + 1 (RFC 3550 §11), re-latched to their RTCP source.</summary>
    public void SetRemote(IPEndPoint rtpRemote) =>
        Volatile.Write(ref _remote, new IPEndPoint(rtpRemote.Address, Math.Min(rtpRemote.Port + 1, IPEndPoint.MaxPort)).Serialize());

    /// <summary>The SSRC of the caller's stream, for the report block.</summary>
    public void SetRemoteSsrc(uint ssrc) => Volatile.Write(ref _remoteSsrc, ssrc);

    public void Start() => _loop ??= Task.Run(ReceiveLoopAsync);

    private TimeSpan Now => System.Diagnostics.Stopwatch.GetElapsedTime(_epoch);

    /// <summary>On the clock thread: one compound report (SR when we have sent media, else RR) plus SDES.</summary>
    public void SendReport(bool haveSent, long packetsSent, long octetsSent, uint rtpTimestamp)
    {
        if (Volatile.Read(ref _remote) is not { } remote)
        {
            return;
        }

        var blocks = _stats.Received > 0 ? new[] { _stats.CreateReportBlock(Volatile.Read(ref _remoteSsrc), Now) } : [];
        var packet = new RtcpCompoundPacket
        {
            SenderReport = haveSent
                ? new RtcpSenderReport(_ssrc, new RtcpSenderInfo(NtpTime.FromDateTime(DateTime.UtcNow), rtpTimestamp, (uint)packetsSent, (uint)octetsSent), blocks)
                : null,
            ReceiverReport = haveSent ? null : new RtcpReceiverReport(_ssrc, blocks),
            SourceDescription = new RtcpSourceDescription(_ssrc, _cname),
        };
        if (!packet.TryWrite(_out, out var written))
        {
            return;
        }

        try
        {
            _socket.SendTo(_out.AsSpan(0, written), SocketFlags.None, remote);
            Interlocked.Increment(ref _sentReports);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The next interval tries again.
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1500);
        var source = new SocketAddress(_socket.AddressFamily);
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var n = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, source, _stop.Token).ConfigureAwait(false);
                OnDatagram(buffer.AsSpan(0, n));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Closing.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void OnDatagram(ReadOnlySpan<byte> datagram)
    {
        if (!RtcpCompoundPacket.TryParse(datagram, out var packet))
        {
            Interlocked.Increment(ref _malformed);
            return;
        }

        Interlocked.Increment(ref _received);
        var arrival = Now;
        IReadOnlyList<RtcpReportBlock> blocks = [];
        if (packet.SenderReport is { } sr)
        {
            _stats.OnSenderReport(sr.SenderInfo.NtpTimestamp, arrival);
            blocks = sr.Reports;
        }
        else if (packet.ReceiverReport is { } rr)
        {
            blocks = rr.Reports;
        }

        foreach (var block in blocks)
        {
            if (block.Ssrc == _ssrc && RtcpRoundTrip.TryCompute(block, NtpTime.Middle32(NtpTime.FromDateTime(DateTime.UtcNow)), out var rtt))
            {
                Interlocked.Exchange(ref _roundTripTicks, rtt.Ticks);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _stop.Dispose();
    }
}
