namespace Telephony.Queues.Routing;

/// <summary>A caller waiting in a queue.</summary>
/// <param name="Id">The queue entry's id (the caller's call id).</param>
/// <param name="Queue">The queue's name.</param>
/// <param name="Number">The caller's number (familiar customer looks it up).</param>
/// <param name="EnqueuedAt">When the caller joined the queue: the wait counts from here.</param>
public sealed record QueueCaller(string Id, string Queue, string Number, DateTimeOffset EnqueuedAt)
{
    /// <summary>Higher first within a queue (a VIP line); equal priorities go by wait.</summary>
    public int Priority { get; init; }

    /// <summary>Skill name to minimum level, from the flow (skills-based routing).</summary>
    public IReadOnlyDictionary<string, int> RequiredSkills { get; init; } = new Dictionary<string, int>();

    /// <summary>The agent who served this number last, and when (from the caller's history); null when none.</summary>
    public FamiliarAgent? LastAgent { get; init; }

    /// <summary>Agents who already let this caller's offer go (no answer, rejected): not offered again until every other agent was tried.</summary>
    public IReadOnlySet<string> Declined { get; init; } = new HashSet<string>();

    public TimeSpan WaitAt(DateTimeOffset now) => now - EnqueuedAt;
}
