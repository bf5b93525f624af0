namespace Telephony.Dialplan.Model.Steps;

/// <summary><c>play</c> and <c>say</c>: plays prompts in order; an interruptible one stops at the caller's first key (kept for the next input).</summary>
public sealed class PlayStep : Step
{
    public required IReadOnlyList<Prompt> Prompts { get; init; }

    public bool Interruptible { get; init; }
}
