namespace Telephony.Media.Jitter;

/// <summary>What <see cref="JitterBuffer.Get"/> has for one playout slot.</summary>
public enum JitterFrameStatus
{
    /// <summary>Nothing is due and nothing is missing (no stream yet, buffering, the sender paused): play silence.</summary>
    Silence,

    /// <summary>A frame, copied into the caller's buffer.</summary>
    Frame,

    /// <summary>The frame for this slot was lost, is late or has not arrived: conceal it.</summary>
    Missing,

    /// <summary>The buffer is deepening itself by one frame (adaptation or drift): conceal, but it is not a loss.</summary>
    Inserted,
}
