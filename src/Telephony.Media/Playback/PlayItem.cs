using Telephony.Media.Rtp;
using Telephony.Media.Tones;

namespace Telephony.Media.Playback;

/// <summary>One entry of a play list: audio, a tone, or silence, with an optional length.</summary>
/// <remarks>Immutable; one item may be queued by any number of calls.</remarks>
public sealed class PlayItem
{
    private PlayItem(PlayItemKind kind, EncodedAudio? audio, ToneSpec? tone, TimeSpan? duration)
    {
        if (duration is { } d && d < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), d, "a duration cannot be negative");
        }

        Kind = kind;
        Audio = audio;
        Tone = tone;
        Duration = duration;
    }

    public PlayItemKind Kind { get; }

    /// <summary>The audio of an <see cref="PlayItemKind.Audio"/> item.</summary>
    public EncodedAudio? Audio { get; }

    /// <summary>The tone of a <see cref="PlayItemKind.Tone"/> item.</summary>
    public ToneSpec? Tone { get; }

    /// <summary>
    /// How long the item plays at most. Null: audio plays to its end, a tone that does not repeat
    /// plays its cadence once, a repeating or continuous tone plays until stopped.
    /// </summary>
    public TimeSpan? Duration { get; }

    /// <summary>Audio encoded for the call, played to its end (or cut at <paramref name="maxDuration"/>).</summary>
    public static PlayItem Of(EncodedAudio audio, TimeSpan? maxDuration = null)
    {
        ArgumentNullException.ThrowIfNull(audio);
        return new(PlayItemKind.Audio, audio, null, maxDuration);
    }

    /// <summary>A tone; repeating cadences loop for <paramref name="duration"/>, or until stopped when null.</summary>
    public static PlayItem Of(ToneSpec tone, TimeSpan? duration = null)
    {
        ArgumentNullException.ThrowIfNull(tone);
        return new(PlayItemKind.Tone, null, tone, duration);
    }

    /// <summary>Silence packets for <paramref name="duration"/>.</summary>
    public static PlayItem Silence(TimeSpan duration) => new(PlayItemKind.Silence, null, null, duration);
}
