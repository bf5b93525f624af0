namespace Telephony.Calls.Playback;

/// <summary>How one play-list item ended.</summary>
public enum PlayOutcome
{
    /// <summary>Played to its end (or its duration).</summary>
    Completed,

    /// <summary>Stopped part-way: by <see cref="ICall.StopPlayback"/>, a key press on an interruptible list, or a new play.</summary>
    Stopped,

    /// <summary>The call ended while it played.</summary>
    CallEnded,

    /// <summary>Never started: the list ended before it.</summary>
    NotPlayed,

    /// <summary>A prompt that does not exist or cannot be read; skipped (and logged).</summary>
    Missing,
}
