namespace Telephony.Media.Clock;

/// <summary>
/// How late the media clock's ticks were, bucketed for a Prometheus histogram
/// (<c>media_clock_lateness_seconds</c>): <see cref="Counts"/>[i] ticks were at most
/// <see cref="UpperBoundsSeconds"/>[i] late and more than the bound before; the last count is
/// the +Inf bucket. Counts are per bucket, not cumulative (Prometheus exporters add them up).
/// </summary>
/// <remarks>
/// Bounds are multiples of the clock's 0.1 ms resolution, so every tick lands in exactly one bucket.
/// </remarks>
public sealed class ClockLateness
{
    private static readonly double[] Bounds = [0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05];
    private readonly long[] _counts;

    public ClockLateness(long[] counts, double sumSeconds)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.Length != Bounds.Length + 1)
        {
            throw new ArgumentException($"one count per bound and one for +Inf: {Bounds.Length + 1}", nameof(counts));
        }

        _counts = counts;
        SumSeconds = sumSeconds;
    }

    /// <summary>No tick yet.</summary>
    public static ClockLateness Empty { get; } = new(new long[Bounds.Length + 1], 0);

    /// <summary>The buckets' upper bounds in seconds, ascending (the +Inf bucket is implied).</summary>
    public static IReadOnlyList<double> UpperBoundsSeconds => Bounds;

    /// <summary>Ticks per bucket, one more than <see cref="UpperBoundsSeconds"/> (the last is +Inf).</summary>
    public IReadOnlyList<long> Counts => _counts;

    /// <summary>All ticks counted.</summary>
    public long Count => _counts.Sum();

    /// <summary>Total lateness of all ticks, in seconds (the histogram's <c>_sum</c>).</summary>
    public double SumSeconds { get; }
}
