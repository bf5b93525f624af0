namespace Telephony.Dialplan.Model.Steps;

/// <summary>
/// <c>menu</c>: play the prompt, wait for a key or a phrase, go to the matching choice. No input
/// within <see cref="Timeout"/> plays <see cref="NoInput"/>, a wrong one plays
/// <see cref="Invalid"/>, and after <see cref="Tries"/> failed tries control goes to
/// <see cref="Fallback"/>.
/// </summary>
public sealed class MenuStep : Step
{
    public required IReadOnlyList<Prompt> Prompt { get; init; }

    public required IReadOnlyList<MenuChoice> Choices { get; init; }

    public InputMode Input { get; init; }

    public TimeSpan Timeout { get; init; }

    public int Tries { get; init; }

    public IReadOnlyList<Prompt> NoInput { get; init; } = [];

    public IReadOnlyList<Prompt> Invalid { get; init; } = [];

    public required Branch Fallback { get; init; }

    /// <summary>A variable that receives the choice's key (or first phrase) besides <c>input</c>.</summary>
    public string? Into { get; init; }

    public bool Interruptible { get; init; }

    /// <summary>Minimum speech and end silence (speech input).</summary>
    public SpeechTiming Speech { get; init; } = SpeechTiming.Default;

    public override IEnumerable<(Outcome, string?, Branch)> Branches() =>
        Choices.Select(c => (Outcome.Choice, (string?)c.Label, c.Then)).Append((Outcome.Fallback, null, Fallback));
}
