namespace Telephony.Dialplan.Model.Steps;

/// <summary>
/// <c>gather</c>: collects digits (min/max, terminator, timeouts) or an utterance (grammar or
/// keywords) into <see cref="Variable"/>. Input not matching <see cref="Pattern"/> or shorter
/// than <see cref="Min"/> counts as invalid; after <see cref="Tries"/> failures control goes to
/// <see cref="Fallback"/>, or on to the next step with the variable empty when there is none.
/// </summary>
public sealed class GatherStep : Step
{
    public required string Variable { get; init; }

    public IReadOnlyList<Prompt> Prompt { get; init; } = [];

    public InputMode Input { get; init; }

    public int Min { get; init; }

    public int Max { get; init; }

    /// <summary>The key ending digit input (not stored); null for none.</summary>
    public char? Terminator { get; init; }

    public TimeSpan Timeout { get; init; }

    public TimeSpan InterDigitTimeout { get; init; }

    /// <summary>A speech grammar file (relative to the prompts folder's parent); null for none.</summary>
    public string? Grammar { get; init; }

    /// <summary>The grammar file's text, read when the dialplan was loaded (a reload reads it again).</summary>
    public string? GrammarText { get; init; }

    public IReadOnlyList<string> Keywords { get; init; } = [];

    /// <summary>Recognition language; null for the flow's.</summary>
    public string? Language { get; init; }

    /// <summary>Minimum speech and end silence (speech input).</summary>
    public SpeechTiming Speech { get; init; } = SpeechTiming.Default;

    public string? Pattern { get; init; }

    public int Tries { get; init; }

    public IReadOnlyList<Prompt> NoInput { get; init; } = [];

    public IReadOnlyList<Prompt> Invalid { get; init; } = [];

    public Branch? Fallback { get; init; }

    public bool Interruptible { get; init; }

    public override IEnumerable<(Outcome, string?, Branch)> Branches() =>
        Fallback is null ? [] : [(Outcome.Fallback, null, Fallback)];
}
