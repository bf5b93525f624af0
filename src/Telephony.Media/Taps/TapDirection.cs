namespace Telephony.Media.Taps;

/// <summary>Which side of a call an <see cref="AudioTap"/> hears.</summary>
public enum TapDirection
{
    /// <summary>The caller's audio as it plays out of the jitter buffer (decoded, losses concealed).</summary>
    Received,

    /// <summary>What we send to the caller: our playout (prompts, tones, digits) or the audio a bridge relays.</summary>
    Sent,
}
