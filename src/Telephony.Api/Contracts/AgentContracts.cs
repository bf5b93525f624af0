namespace Telephony.Api.Contracts;

/// <summary>An agent now, with the keys of <c>telephony agent list --json</c>.</summary>
/// <param name="Status">offline, available, ringing, on-call, wrap-up or paused (derived from the facts below, never stored).</param>
/// <param name="StatusSince">When the agent entered that status, as far as this server saw.</param>
/// <param name="StatusCause">Why (the cause of that change: rejected, no-answer, login, ...); null when unchanged since the server started.</param>
internal sealed record AgentView(
    string Name,
    string SipUser,
    string Status,
    DateTimeOffset StatusSince,
    string? StatusCause,
    bool LoggedIn,
    bool Registered,
    string? PauseReason,
    string? WrapUpQueue,
    DateTimeOffset? WrapUpUntil,
    AgentEngagementView? Engaged,
    IReadOnlyList<AgentQueueView> Queues,
    IReadOnlyDictionary<string, int> Skills,
    int AnsweredToday,
    double TalkTimeTodaySeconds);

/// <summary>The call an agent's phone is engaged in: ringing (answered false) or on it.</summary>
internal sealed record AgentEngagementView(string Queue, string CallerId, bool Answered, DateTimeOffset Since);

internal sealed record AgentQueueView(string Queue, int Tier);

internal sealed record AgentList(IReadOnlyList<AgentView> Agents);

/// <summary>Why the agent is not offered each queue's callers now; eligible when nothing holds them back.</summary>
internal sealed record AgentExplanation(string Agent, string Status, IReadOnlyList<QueueExplanation> Queues);

internal sealed record QueueExplanation(string Queue, int Tier, bool Eligible, IReadOnlyList<HoldBackView> HoldBacks);

/// <param name="Code">Stable for scripts: not-member, logged-out, not-registered, paused, ringing, on-call, wrap-up, skill, declined, no-queue.</param>
internal sealed record HoldBackView(string Code, string Text, DateTimeOffset? Until);

/// <summary>A login, logout, pause or unpause: the agent after it, and whether it changed anything.</summary>
internal sealed record AgentChangeView(AgentView Agent, bool Changed, string? Cause);

internal sealed record PauseBody(string? Reason);

/// <summary>Every queue's figures (<c>GET /queues</c>).</summary>
internal sealed record QueueList(IReadOnlyList<Telephony.Queues.Stats.QueueStats> Queues);
