namespace Telephony.Calls.Playback;

/// <summary>The call-progress tones a flow can play; how they sound comes from the server's tone plan (ITU/European, North American, UK).</summary>
public enum CallTone
{
    /// <summary>Ringing: the other party is being alerted (e.g. while a transfer rings).</summary>
    Ringback,

    /// <summary>The other party is busy.</summary>
    Busy,

    /// <summary>The network could not complete the call (reorder).</summary>
    Congestion,

    /// <summary>A short 1 kHz beep, e.g. before recording.</summary>
    Beep,
}
