namespace Telephony.Media.Clock;

/// <summary>How punctual the media clock has been.</summary>
/// <param name="Ticks">Ticks delivered.</param>
/// <param name="LateTicks">Ticks more than 1 ms late.</param>
/// <param name="SkippedPeriods">Periods dropped after a stall (the clock jumps ahead instead of bursting).</param>
/// <param name="MaxLatenessMs">Worst lateness seen.</param>
/// <param name="P99LatenessMs">99th percentile lateness (0.1 ms resolution).</param>
/// <param name="ListenerErrors">Exceptions thrown by listeners (caught and counted).</param>
/// <param name="MeanWorkMs">Mean time one tick spends running every listener (sending every call's packet).</param>
/// <param name="MaxWorkMs">Longest such tick: the most a call's packet can be pushed back by the calls before it.</param>
public sealed record MediaClockStats(long Ticks, long LateTicks, long SkippedPeriods, double MaxLatenessMs, double P99LatenessMs, long ListenerErrors,
    double MeanWorkMs = 0, double MaxWorkMs = 0)
{
    /// <summary>Tick lateness in Prometheus histogram buckets (<c>media_clock_lateness_seconds</c>).</summary>
    public ClockLateness Lateness { get; init; } = ClockLateness.Empty;
}
