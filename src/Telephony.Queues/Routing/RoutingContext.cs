namespace Telephony.Queues.Routing;

/// <summary>What a strategy may look at besides the candidates.</summary>
/// <param name="Queue">The queue routing the call.</param>
/// <param name="Caller">The caller.</param>
/// <param name="Now">The moment of the decision.</param>
/// <param name="Memory">Round-robin's last offer per queue.</param>
/// <param name="Random">Random's source (seeded in tests).</param>
public sealed record RoutingContext(QueueDefinition Queue, QueueCaller Caller, DateTimeOffset Now, RoundRobinMemory Memory, Random Random);
