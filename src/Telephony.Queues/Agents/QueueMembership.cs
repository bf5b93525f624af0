namespace Telephony.Queues.Agents;

/// <summary>An agent's place in one queue.</summary>
/// <param name="Queue">The queue's name.</param>
/// <param name="Tier">1 is offered first; the next tier only when no agent of a lower one can take the call.</param>
public sealed record QueueMembership(string Queue, int Tier = 1);
