namespace Telephony.Dialplan.Model.Steps;

/// <summary>
/// <c>record</c>: voicemail. Plays the prompt, beeps, records until a key in
/// <see cref="StopKeys"/>, <see cref="Silence"/> of silence, <see cref="MaxLength"/> or hangup,
/// and stores the WAV's path in <see cref="Variable"/> ('' when nothing was said), with
/// <c>_duration</c>, <c>_reason</c>, <c>_key</c> and <c>_text</c> variables beside it.
/// </summary>
public sealed class RecordStep : Step
{
    public required string Variable { get; init; }

    public IReadOnlyList<Prompt> Prompt { get; init; } = [];

    public bool Beep { get; init; }

    public TimeSpan MaxLength { get; init; }

    /// <summary>Silence that ends the recording; zero never ends it on silence.</summary>
    public TimeSpan Silence { get; init; }

    public string StopKeys { get; init; } = "#";

    /// <summary>Run the free-speech recogniser over the recording into <c>NAME_text</c>.</summary>
    public bool Transcribe { get; init; }

    /// <summary>The variables the step sets besides <see cref="Variable"/>: NAME_duration (seconds), NAME_reason, NAME_key, NAME_text.</summary>
    public static IReadOnlyList<string> Suffixes { get; } = ["_duration", "_reason", "_key", "_text"];
}
