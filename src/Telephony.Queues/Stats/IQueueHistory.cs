using Telephony.Queues.Agents;

namespace Telephony.Queues.Stats;

/// <summary>The stored history statistics are computed from (implemented by storage over what <see cref="Journal.IQueueJournal"/> wrote).</summary>
public interface IQueueHistory
{
    /// <summary>Every entry that joined at or after <paramref name="since"/>, and every entry still open whenever it joined.</summary>
    IReadOnlyList<StoredEntry> Entries(DateTimeOffset since);

    /// <summary>Every agent event at or after <paramref name="since"/> in stored order, preceded by each agent's last event before it (their status at the window's start).</summary>
    IReadOnlyList<AgentEvent> AgentEvents(DateTimeOffset since);
}

/// <summary>One stored queue entry.</summary>
/// <param name="AnsweredAt">When an agent answered (the outcome's time for answered entries).</param>
/// <param name="EndedAt">When the caller left the queue; null while open.</param>
public sealed record StoredEntry(string EntryId, string Queue, string CallerId, DateTimeOffset JoinedAt, int Offers,
    DateTimeOffset? AnsweredAt, DateTimeOffset? EndedAt, string? Outcome, string? Agent)
{
    public bool Open => EndedAt is null;
}
