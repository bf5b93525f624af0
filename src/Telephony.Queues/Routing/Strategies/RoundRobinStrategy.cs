namespace Telephony.Queues.Routing.Strategies;

/// <summary>
/// Configuration order, starting after the agent this queue offered last and wrapping round. The
/// memory keeps that agent's position, so the turn passes on correctly even while they are busy
/// and not a candidate.
/// </summary>
internal sealed class RoundRobinStrategy : IRoutingStrategy
{
    public IReadOnlyList<AgentView> Order(IReadOnlyList<AgentView> candidates, RoutingContext context)
    {
        var inOrder = candidates.OrderBy(a => a.ConfigOrder).ToList();
        if (context.Memory.LastOffered(context.Queue.Name) is not { } last)
        {
            return inOrder;
        }

        var start = inOrder.FindIndex(a => a.ConfigOrder > last.ConfigOrder);
        return start <= 0 ? inOrder : [.. inOrder.Skip(start), .. inOrder.Take(start)];
    }
}
