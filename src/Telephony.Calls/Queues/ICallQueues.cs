namespace Telephony.Calls.Queues;

/// <summary>
/// Agent queues as a flow uses them (<c>transfer: queue:NAME</c>): the caller waits, hearing
/// ringback, until an agent answers and the two are bridged, the caller hangs up, or the wait is
/// over. Implemented by Telephony.Queues; the dialplan layer knows only this contract.
/// </summary>
public interface ICallQueues
{
    /// <summary>Waits in <paramref name="request"/>'s queue with an answered <paramref name="caller"/>; returns when it is connected to an agent (bridged: the flow is done with the call) or gave up.</summary>
    Task<QueueOutcome> JoinAsync(ICall caller, QueueJoin request);
}

/// <param name="Queue">The queue's name.</param>
/// <param name="MaxWait">How long the caller waits before the flow goes on (its fallback).</param>
/// <param name="Priority">Higher first within the queue.</param>
/// <param name="RequiredSkills">Skill to minimum level (skills-based routing); empty for none.</param>
public sealed record QueueJoin(string Queue, TimeSpan MaxWait, int Priority = 0, IReadOnlyDictionary<string, int>? RequiredSkills = null);

/// <param name="Connected">True when an agent answered and the caller is bridged to them.</param>
/// <param name="Agent">The agent who took the call, or null.</param>
/// <param name="Cause">answered, max-wait, caller-hung-up, no-such-queue.</param>
/// <param name="Offers">How many agents were offered the call (rang) before the outcome.</param>
public sealed record QueueOutcome(bool Connected, string? Agent, string Cause, int Offers);
