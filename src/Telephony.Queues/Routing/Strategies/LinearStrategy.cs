namespace Telephony.Queues.Routing.Strategies;

/// <summary>Always the configuration order: the first agent listed who can take the call gets it (a supervisor as the last resort, say).</summary>
internal sealed class LinearStrategy : IRoutingStrategy
{
    public IReadOnlyList<AgentView> Order(IReadOnlyList<AgentView> candidates, RoutingContext context) =>
        [.. candidates.OrderBy(a => a.ConfigOrder)];
}
