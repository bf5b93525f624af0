namespace Telephony.Queues.Routing.Strategies;

/// <summary>Orders the agents who can take a call, best first. Candidates arrive in configuration order and are all eligible.</summary>
internal interface IRoutingStrategy
{
    IReadOnlyList<AgentView> Order(IReadOnlyList<AgentView> candidates, RoutingContext context);
}
