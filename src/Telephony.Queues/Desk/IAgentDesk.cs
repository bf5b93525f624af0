using Telephony.Queues.Agents;

namespace Telephony.Queues.Desk;

/// <summary>
/// The agents of a running server as operators see and steer them (the API and the
/// <c>telephony agent</c> commands): who is where and why, and login, logout, pause, unpause.
/// </summary>
public interface IAgentDesk
{
    /// <summary>Every agent now, in configuration order.</summary>
    IReadOnlyList<AgentSnapshot> Agents();

    /// <summary>One agent now; null when there is no such agent.</summary>
    AgentSnapshot? Agent(string name);

    /// <summary>For each queue the agent answers, every rule holding them back from its callers now (empty: they can be offered the next one); null when there is no such agent.</summary>
    IReadOnlyList<QueueHoldBacks>? Explain(string name);

    /// <summary>Null when there is no such agent; otherwise the agent after the change, and the event when their status moved.</summary>
    AgentChange? Login(string name);

    AgentChange? Logout(string name);

    /// <summary>Pauses with a reason code (<c>lunch</c>, <c>training</c>); see <see cref="PauseReasons"/> for what a reason may be.</summary>
    AgentChange? Pause(string name, string reason);

    AgentChange? Unpause(string name);
}

/// <summary>An agent at one moment: definition, facts and derived status.</summary>
/// <param name="StatusSince">When the agent entered <paramref name="Status"/> (as far as this server saw; its start for agents unchanged since).</param>
public sealed record AgentSnapshot(AgentDefinition Definition, AgentFacts Facts, AgentStatus Status, DateTimeOffset StatusSince)
{
    /// <summary>Why the agent entered <see cref="Status"/> (login, answered, rejected, no-answer, referred, ...); null for agents unchanged since the server started.</summary>
    public string? StatusCause { get; init; }
}

/// <summary>Why an agent is not offered one queue's callers now.</summary>
public sealed record QueueHoldBacks(string Queue, int Tier, IReadOnlyList<Routing.HoldBack> HoldBacks);

/// <summary>The result of a login, logout, pause or unpause: the agent after it, and the status change (null when it changed nothing).</summary>
public sealed record AgentChange(AgentSnapshot Agent, AgentEvent? Event);
