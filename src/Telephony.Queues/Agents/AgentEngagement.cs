namespace Telephony.Queues.Agents;

/// <summary>What holds an agent's phone: a call being offered to them, or a call they are on.</summary>
/// <param name="Queue">The queue the call came from.</param>
/// <param name="CallerId">The queue entry (the caller's call id).</param>
/// <param name="Answered">False while it rings, true once they answered.</param>
/// <param name="Since">When it started ringing, or when it was answered.</param>
public sealed record AgentEngagement(string Queue, string CallerId, bool Answered, DateTimeOffset Since);
