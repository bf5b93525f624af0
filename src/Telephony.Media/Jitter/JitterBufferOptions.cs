namespace Telephony.Media.Jitter;

/// <summary>Settings of a <see cref="JitterBuffer"/>. The defaults suit 20 ms G.711.</summary>
public sealed record JitterBufferOptions
{
    /// <summary>RTP timestamp units per second.</summary>
    public int ClockRate { get; init; } = 8000;

    /// <summary>Duration of one frame (the ptime); every packet carries exactly one frame.</summary>
    public int FrameMs { get; init; } = 20;

    /// <summary>Largest payload accepted; the slab holds <see cref="Capacity"/> slots of this size.</summary>
    public int MaxPayloadBytes { get; init; } = 320;

    /// <summary>Frames the ring holds (a power of two); must cover well over <see cref="MaxDelayMs"/>.</summary>
    public int Capacity { get; init; } = 64;

    /// <summary>The target delay never goes below this.</summary>
    public int MinDelayMs { get; init; } = 20;

    /// <summary>The target delay never goes above this, however bad the network.</summary>
    public int MaxDelayMs { get; init; } = 200;

    /// <summary>Target delay before any jitter has been measured.</summary>
    public int InitialDelayMs { get; init; } = 40;

    /// <summary>How fast the jitter estimate forgets a spike once the network calms down.</summary>
    public TimeSpan ShrinkHalfLife { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>How long a slow correction waits for a quiet frame before it is made anyway.</summary>
    public TimeSpan CorrectionPatience { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>A timestamp that disagrees with its sequence number by more than this restarts the buffer.</summary>
    public int ResyncThresholdMs { get; init; } = 1000;

    /// <summary>
    /// Recognises quiet frames so that frames are dropped or inserted where nobody hears it
    /// (see <see cref="G711QuietDetector"/>). Without one, corrections are made at once.
    /// </summary>
    public FrameQuietPredicate? IsQuiet { get; init; }

    internal void Validate()
    {
        if (ClockRate <= 0 || FrameMs <= 0 || ClockRate * FrameMs % 1000 != 0)
        {
            throw new ArgumentException("a frame must be a whole number of timestamp units", nameof(FrameMs));
        }

        if (Capacity < 4 || (Capacity & (Capacity - 1)) != 0)
        {
            throw new ArgumentException("capacity must be a power of two of at least 4", nameof(Capacity));
        }

        if (MinDelayMs < 0 || MaxDelayMs < MinDelayMs || (long)Capacity * FrameMs < 2L * (MaxDelayMs + FrameMs))
        {
            throw new ArgumentException("need 0 <= min delay <= max delay, and capacity for twice the max delay", nameof(MaxDelayMs));
        }

        if (MaxPayloadBytes <= 0 || ShrinkHalfLife <= TimeSpan.Zero || CorrectionPatience < TimeSpan.Zero || ResyncThresholdMs <= FrameMs)
        {
            throw new ArgumentException("payload size, half-life and resync threshold must be positive", nameof(MaxPayloadBytes));
        }
    }
}
