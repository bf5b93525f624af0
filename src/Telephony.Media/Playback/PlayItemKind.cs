namespace Telephony.Media.Playback;

/// <summary>What a <see cref="PlayItem"/> plays.</summary>
public enum PlayItemKind
{
    /// <summary>Encoded audio: a prompt, synthesized speech.</summary>
    Audio,

    /// <summary>A tone (ringback, busy, beep, a DTMF key), rendered once and shared.</summary>
    Tone,

    /// <summary>Silence of a given length, sent as silence packets.</summary>
    Silence,
}
