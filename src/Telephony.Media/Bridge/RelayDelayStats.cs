namespace Telephony.Media.Bridge;

/// <summary>
/// Relay delay (a datagram's arrival to the forwarded packet's send) as a fixed-bucket histogram
/// in microseconds: <see cref="Counts"/>[i] packets took at most <see cref="UpperBoundsMicroseconds"/>[i]
/// and more than the bound before; the last count is +Inf. Counts are per bucket, not cumulative.
/// </summary>
public sealed class RelayDelayStats
{
    private static readonly double[] Bounds = [10, 25, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 10000, 20000, 50000];
    private readonly long[] _counts;

    internal RelayDelayStats(long[] counts, double sumMicroseconds)
    {
        _counts = counts;
        SumMicroseconds = sumMicroseconds;
        Count = counts.Sum();
        P50Microseconds = Percentile(0.50);
        P99Microseconds = Percentile(0.99);
    }

    /// <summary>The buckets' upper bounds in µs, ascending (the +Inf bucket is implied).</summary>
    public static IReadOnlyList<double> UpperBoundsMicroseconds => Bounds;

    internal static int BucketCount => Bounds.Length + 1;

    /// <summary>Packets per bucket; one more than <see cref="UpperBoundsMicroseconds"/> (the last is +Inf).</summary>
    public IReadOnlyList<long> Counts => _counts;

    /// <summary>Packets measured.</summary>
    public long Count { get; }

    /// <summary>Total delay of all packets measured (the histogram's <c>_sum</c>), in µs.</summary>
    public double SumMicroseconds { get; }

    /// <summary>Median delay, interpolated within its bucket; 0 when nothing was relayed.</summary>
    public double P50Microseconds { get; }

    /// <summary>99th percentile delay, interpolated within its bucket (the last finite bound when it lies beyond).</summary>
    public double P99Microseconds { get; }

    internal static int BucketOf(double microseconds)
    {
        var i = 0;
        while (i < Bounds.Length && microseconds > Bounds[i])
        {
            i++;
        }

        return i;
    }

    private double Percentile(double q)
    {
        if (Count == 0)
        {
            return 0;
        }

        var target = q * Count;
        double seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            if (_counts[i] == 0 || seen + _counts[i] < target)
            {
                seen += _counts[i];
                continue;
            }

            if (i == Bounds.Length)
            {
                return Bounds[^1];
            }

            var lower = i == 0 ? 0 : Bounds[i - 1];
            return lower + ((Bounds[i] - lower) * (target - seen) / _counts[i]);
        }

        return Bounds[^1];
    }
}
