namespace Telephony.Calls.Playback;

/// <summary>One entry of a play list a flow plays: a prompt by name, a tone, or silence.</summary>
/// <remarks>Immutable; a list can be built once and played on every call.</remarks>
public sealed class PlayListItem
{
    private PlayListItem(string? prompt, CallTone? tone, TimeSpan? duration)
    {
        if (duration is { } d && d < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), d, "a duration cannot be negative");
        }

        PromptName = prompt;
        Tone = tone;
        Duration = duration;
    }

    /// <summary>The prompt's name in the prompt folder (<c>welcome</c> for <c>welcome.wav</c>); null for tones and silence.</summary>
    public string? PromptName { get; }

    /// <summary>The tone; null for prompts and silence.</summary>
    public CallTone? Tone { get; }

    /// <summary>
    /// How long it plays at most. Null: a prompt plays to its end, the beep once, ringback, busy
    /// and congestion until playback is stopped.
    /// </summary>
    public TimeSpan? Duration { get; }

    public bool IsSilence => PromptName is null && Tone is null;

    public static PlayListItem Prompt(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new(name, null, null);
    }

    public static PlayListItem Of(CallTone tone, TimeSpan? duration = null) => new(null, tone, duration);

    public static PlayListItem Silence(TimeSpan duration) => new(null, null, duration);

    public override string ToString() =>
        PromptName ?? (Tone is { } tone ? tone.ToString() : "silence") + (Duration is { } d ? $" {d.TotalMilliseconds:0} ms" : string.Empty);
}
