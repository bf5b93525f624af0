namespace Telephony.Media.Rtp;

/// <summary>
/// RTP packets sent and accepted by every session of the process since start, for the metrics
/// endpoint (<c>telephony_rtp_packets_total</c>). Two shared counters: one atomic increment per
/// packet beside the session's own count, no lock.
/// </summary>
public static class RtpTotals
{
    private static long _sent;
    private static long _received;

    public static long PacketsSent => Interlocked.Read(ref _sent);

    /// <summary>Packets accepted from the latched source (strict RTP); foreign and malformed ones are not counted.</summary>
    public static long PacketsReceived => Interlocked.Read(ref _received);

    internal static void Sent() => Interlocked.Increment(ref _sent);

    internal static void Received() => Interlocked.Increment(ref _received);
}
