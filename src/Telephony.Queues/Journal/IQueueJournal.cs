using Telephony.Queues.Agents;

namespace Telephony.Queues.Journal;

/// <summary>
/// Where queues keep their history: every agent status change and every caller's stay in a queue
/// (implemented by storage; statistics are computed from what it stored, never from counters).
/// The queue service calls it outside its lock; <see cref="AgentChanged"/> and
/// <see cref="EntryLeft"/> only queue the write, <see cref="EntryJoinedAsync"/> completes once the
/// entry is durable (the caller is offered to no agent before that: write-ahead).
/// </summary>
public interface IQueueJournal
{
    /// <summary>Stores an agent's status change (queued; never blocks the caller). An <c>offered</c> change also counts an offer on the caller's open entry.</summary>
    void AgentChanged(AgentEvent change);

    /// <summary>Stores a caller joining a queue; completes once the row is durable.</summary>
    Task EntryJoinedAsync(QueueEntryJoined entry);

    /// <summary>Closes the entry with its outcome (queued).</summary>
    void EntryLeft(QueueEntryLeft left);
}

/// <summary>A caller joining a queue.</summary>
/// <param name="EntryId">New for each stay in a queue (a caller may join twice).</param>
/// <param name="CallerId">The caller's call id (agent events name the caller by it).</param>
/// <param name="Number">The caller's number.</param>
public sealed record QueueEntryJoined(string EntryId, string Queue, string CallerId, string Number, int Priority, DateTimeOffset At);

/// <summary>How a caller's stay in a queue ended.</summary>
/// <param name="Outcome">answered, caller-hung-up, max-wait, error (and server-restart, written by recovery).</param>
/// <param name="Agent">The agent who answered, or null.</param>
/// <param name="Offers">How many agents rang for the caller.</param>
public sealed record QueueEntryLeft(string EntryId, string Outcome, string? Agent, int Offers, DateTimeOffset At);

/// <summary>An agent's login and pause as stored when the previous process ended (what a restart restores; never ringing or on a call).</summary>
public sealed record StoredAgent(string Agent, bool LoggedIn, string? PauseReason);

/// <summary>Keeps nothing: queues without storage (tests, tools).</summary>
public sealed class NoQueueJournal : IQueueJournal
{
    public static readonly NoQueueJournal Instance = new();

    public void AgentChanged(AgentEvent change)
    {
    }

    public Task EntryJoinedAsync(QueueEntryJoined entry) => Task.CompletedTask;

    public void EntryLeft(QueueEntryLeft left)
    {
    }
}
