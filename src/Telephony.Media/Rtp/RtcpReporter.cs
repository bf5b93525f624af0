using System.Net;
using System.Net.Sockets;
using Telephony.Media.Rtcp;

namespace Telephony.Media.Rtp;

/// <summary>
/// RTCP for one call: a report every ~5 s (randomised, RFC 3550 §6.3) counted down by the media
/// clock, no timer per call; the RTCP socket opened only when the first report falls due.
/// </summary>
/// <remarks>
/// The socket is opened when the first report falls due (1.25–3.75 s into the call), off the clock
/// thread, and that report goes out at once: calls shorter than that never pay for a second socket
/// and receive loop (measured: at 1,000 short calls/s an eager RTCP socket per call cost
/// retransmissions on one core). <see cref="OnTick"/> on the clock thread; the rest thread-safe.
/// </remarks>
internal sealed class RtcpReporter(IPAddress localAddress, int rtpPort, uint ssrc, RtpReceiverStatistics statistics, TimeSpan? fixedInterval, IPEndPoint remote)
{
    private RtcpChannel? _channel;
    private IPEndPoint _remote = remote;
    private uint _remoteSsrc;
    private int _requested;
    private int _disposed;
    private double _msToReport = NextDelay(fixedInterval, initial: true);
    private (long Sent, long Octets, uint Timestamp) _latest;
    private (long Sent, long Received, long Malformed, TimeSpan? RoundTrip) _final;

    private static double NextDelay(TimeSpan? fixedInterval, bool initial) =>
        (fixedInterval ?? RtcpReportInterval.Next(initial)).TotalMilliseconds;

    /// <summary>Reports sent, compound packets received and dropped, round trip from the peer's latest report.</summary>
    public (long Sent, long Received, long Malformed, TimeSpan? RoundTrip) Counters =>
        Volatile.Read(ref _channel) is { } rtcp ? (rtcp.ReportsSent, rtcp.Received, rtcp.Malformed, rtcp.RoundTrip) : _final;

    public void SetRemote(IPEndPoint rtpRemote)
    {
        Volatile.Write(ref _remote, rtpRemote);
        Volatile.Read(ref _channel)?.SetRemote(rtpRemote);
    }

    public void SetRemoteSsrc(uint remoteSsrc)
    {
        Volatile.Write(ref _remoteSsrc, remoteSsrc);
        Volatile.Read(ref _channel)?.SetRemoteSsrc(remoteSsrc);
    }

    /// <summary>Clock thread, every period: counts down and sends when due (our stream's counters as of now).</summary>
    public void OnTick(double periodMs, long packetsSent, long octetsSent, uint timestamp)
    {
        _latest = (packetsSent, octetsSent, timestamp);
        _msToReport -= periodMs;
        if (_msToReport > 0)
        {
            return;
        }

        _msToReport = NextDelay(fixedInterval, initial: false);
        if (Volatile.Read(ref _channel) is not { } rtcp)
        {
            if (Interlocked.Exchange(ref _requested, 1) == 0)
            {
                // Socket calls stay off the clock thread.
                _ = Task.Run(Open);
            }

            return;
        }

        rtcp.SendReport(packetsSent > 0, packetsSent, octetsSent, timestamp);
    }

    private void Open()
    {
        RtcpChannel channel;
        try
        {
            channel = new RtcpChannel(localAddress, rtpPort + 1, ssrc, statistics);
        }
        catch (SocketException)
        {
            // RTCP is optional (RFC 3550 §6): a taken port + 1 costs the reports, not the call.
            return;
        }

        channel.SetRemote(Volatile.Read(ref _remote));
        channel.SetRemoteSsrc(Volatile.Read(ref _remoteSsrc));
        channel.Start();
        var (sent, octets, timestamp) = _latest;
        channel.SendReport(sent > 0, sent, octets, timestamp);
        Volatile.Write(ref _channel, channel);
        if (Volatile.Read(ref _disposed) != 0 && Interlocked.Exchange(ref _channel, null) is { } late)
        {
            _ = late.DisposeAsync().AsTask();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Volatile.Write(ref _disposed, 1);
        if (Interlocked.Exchange(ref _channel, null) is { } rtcp)
        {
            _final = (rtcp.ReportsSent, rtcp.Received, rtcp.Malformed, rtcp.RoundTrip);
            await rtcp.DisposeAsync();
        }
    }
}
