namespace Telephony.Media.Jitter;

/// <summary>Counters and current state of one <see cref="JitterBuffer"/>.</summary>
/// <param name="Stored">Packets accepted for playout.</param>
/// <param name="Played">Frames played.</param>
/// <param name="Duplicates">Packets dropped because they were already received.</param>
/// <param name="Late">Packets dropped because their playout time had passed.</param>
/// <param name="Concealed">Slots returned as <see cref="JitterFrameStatus.Missing"/> (lost, late or not arrived).</param>
/// <param name="Inserted">Frames inserted to deepen the buffer (adaptation or a sender slower than us).</param>
/// <param name="Dropped">Frames dropped to shallow the buffer (adaptation or a sender faster than us).</param>
/// <param name="Discarded">Packets or buffered frames thrown away otherwise: too large, unconfirmed jumps, overflow, clock skips.</param>
/// <param name="Resyncs">Times the buffer flushed and restarted (new SSRC, timestamp or sequence jump).</param>
/// <param name="ClockSkips">Playout slots skipped because <see cref="JitterBuffer.Get"/> was not called for a while.</param>
/// <param name="TargetDelayMs">Delay the buffer aims for, from the measured jitter.</param>
/// <param name="CurrentDelayMs">Delay it has: from the arrival of the earliest-arriving packets to their playout.</param>
public sealed record JitterBufferStats(
    long Stored,
    long Played,
    long Duplicates,
    long Late,
    long Concealed,
    long Inserted,
    long Dropped,
    long Discarded,
    long Resyncs,
    long ClockSkips,
    double TargetDelayMs,
    double CurrentDelayMs);
