namespace Telephony.Queues.Agents;

/// <summary>
/// What is known about an agent right now. The status is never stored: it is derived from these
/// facts and the time (<see cref="AgentStatusRules"/>), so a wrap-up ends by itself when its time
/// is up and nothing can leave an agent "ringing" once the offer is gone.
/// </summary>
public sealed record AgentFacts
{
    public bool LoggedIn { get; init; }

    public DateTimeOffset? LoggedInAt { get; init; }

    /// <summary>Their softphone holds a registration (the registrar says so).</summary>
    public bool Registered { get; init; }

    /// <summary>Null when not paused.</summary>
    public string? PauseReason { get; init; }

    public DateTimeOffset? PausedAt { get; init; }

    /// <summary>The call ringing for them or the call they are on; null when their phone is free.</summary>
    public AgentEngagement? Engagement { get; init; }

    /// <summary>The queue whose wrap-up time runs after their last call; null when none.</summary>
    public string? WrapUpQueue { get; init; }

    /// <summary>Until when the wrap-up holds them back (from every queue, not only the one that set it).</summary>
    public DateTimeOffset? WrapUpUntil { get; init; }

    /// <summary>When they last became free after a call (the call's end plus wrap-up), or logged in: "longest idle" counts from here.</summary>
    public DateTimeOffset? IdleSince { get; init; }

    /// <summary>Calls answered today, per queue ("fewest calls" compares them in the queue routing the call).</summary>
    public IReadOnlyDictionary<string, int> AnsweredToday { get; init; } = new Dictionary<string, int>();

    /// <summary>Time on calls today, every queue together ("least talk time").</summary>
    public TimeSpan TalkTimeToday { get; init; }

    public int AnsweredTodayIn(string queue) => AnsweredToday.TryGetValue(queue, out var n) ? n : 0;
}
