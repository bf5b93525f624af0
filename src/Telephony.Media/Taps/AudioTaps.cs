namespace Telephony.Media.Taps;

/// <summary>Process-wide tap counters, for the metrics endpoint (<c>tap_frames_dropped_total</c>).</summary>
public static class AudioTaps
{
    private static long _dropped;
    private static long _delivered;
    private static long _subscribers;

    /// <summary>Frames dropped because a subscriber's ring was full, over every tap of the process.</summary>
    public static long TotalDropped => Interlocked.Read(ref _dropped);

    /// <summary>Frames put into subscribers' rings, over every tap of the process.</summary>
    public static long TotalDelivered => Interlocked.Read(ref _delivered);

    /// <summary>Taps subscribed now.</summary>
    public static long ActiveSubscribers => Interlocked.Read(ref _subscribers);

    internal static void CountDropped() => Interlocked.Increment(ref _dropped);

    internal static void CountDelivered() => Interlocked.Increment(ref _delivered);

    internal static void CountSubscribed(int delta) => Interlocked.Add(ref _subscribers, delta);
}
