using System.Diagnostics;

namespace Telephony.Media.Bridge;

/// <summary>Counts relay delays into <see cref="RelayDelayStats"/>' buckets: a few increments per packet, no lock, no allocation.</summary>
internal sealed class RelayDelayHistogram
{
    private readonly long[] _counts = new long[RelayDelayStats.BucketCount];
    private long _sumTicks;

    /// <summary>Records the delay from <paramref name="arrival"/> to <paramref name="sent"/> (Stopwatch timestamps); returns it in µs.</summary>
    public double Record(long arrival, long sent)
    {
        var ticks = Math.Max(0, sent - arrival);
        var microseconds = ticks * 1_000_000.0 / Stopwatch.Frequency;
        Interlocked.Increment(ref _counts[RelayDelayStats.BucketOf(microseconds)]);
        Interlocked.Add(ref _sumTicks, ticks);
        return microseconds;
    }

    public RelayDelayStats Snapshot()
    {
        var counts = new long[_counts.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = Interlocked.Read(ref _counts[i]);
        }

        return new RelayDelayStats(counts, Interlocked.Read(ref _sumTicks) * 1_000_000.0 / Stopwatch.Frequency);
    }
}
