namespace Telephony.Media.Playback;

/// <summary>What <see cref="PlaybackQueue.ReadFrame"/> put in the frame.</summary>
public enum PlayoutStatus
{
    /// <summary>Queued audio (a frame where the last item ends is topped up with silence).</summary>
    Audio,

    /// <summary>Nothing queued: the frame is silence.</summary>
    Idle,

    /// <summary>Paused: nothing was written and nothing should be sent; the stream's clock keeps running.</summary>
    Paused,
}
