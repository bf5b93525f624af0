namespace Telephony.Calls.Playback;

/// <summary>What became of a play list: one result per item, in order.</summary>
/// <param name="Interrupted">A key press stopped an interruptible list (the digit waits for the next gather).</param>
public sealed record PlayListResult(IReadOnlyList<PlayItemResult> Items, bool Interrupted)
{
    /// <summary>Audio time sent over the whole list.</summary>
    public TimeSpan Played => Items.Aggregate(TimeSpan.Zero, (sum, item) => sum + item.Played);

    /// <summary>Every item that exists played to its end (missing prompts are skipped, not failures).</summary>
    public bool Completed => Items.All(i => i.Outcome is PlayOutcome.Completed or PlayOutcome.Missing);
}
