namespace Telephony.Queues.Routing;

/// <summary>The agent who last served a caller, and when that call ended.</summary>
public sealed record FamiliarAgent(string Agent, DateTimeOffset ServedAt);
