namespace Telephony.Queues.Agents;

/// <summary>One change of an agent's status, with when and why: stored, published and counted from.</summary>
/// <param name="At">When it happened.</param>
/// <param name="Agent">The agent's name.</param>
/// <param name="From">The status before.</param>
/// <param name="To">The status after.</param>
/// <param name="Cause">What made it: login, logout, pause:lunch, registered, unregistered, offered, no-answer, rejected, answered, call-ended, wrap-up-over, restart, ...</param>
/// <param name="Queue">The queue concerned (offers, calls, wrap-up), or null.</param>
/// <param name="CallerId">The caller concerned, or null.</param>
public sealed record AgentEvent(DateTimeOffset At, string Agent, AgentStatus From, AgentStatus To, string Cause, string? Queue = null, string? CallerId = null);
