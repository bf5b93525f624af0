namespace Telephony.Queues.Routing;

/// <summary>
/// One round of offers over every queue: callers are taken by queue priority, then their own
/// priority, then wait (longest first), then id; each gets the best agent nobody before them in
/// the round took. So an agent in several queues is offered the highest-priority queue's caller
/// first, and between queues of equal priority the caller who has waited longest.
/// </summary>
public static class QueueDispatcher
{
    public static IReadOnlyList<RoutingDecision> Plan(IReadOnlyList<QueueDefinition> queues, IReadOnlyList<QueueCaller> waiting,
        IReadOnlyList<AgentView> agents, DateTimeOffset now, RoundRobinMemory memory, Random random)
    {
        var byName = queues.ToDictionary(q => q.Name, StringComparer.Ordinal);
        var order = waiting
            .Where(c => byName.ContainsKey(c.Queue))
            .OrderByDescending(c => byName[c.Queue].Priority)
            .ThenByDescending(c => c.Priority)
            .ThenBy(c => c.EnqueuedAt)
            .ThenBy(c => c.Id, StringComparer.Ordinal);

        var taken = new HashSet<string>(StringComparer.Ordinal);
        var decisions = new List<RoutingDecision>();
        foreach (var caller in order)
        {
            var decision = QueueRouter.Decide(byName[caller.Queue], caller, agents, now, memory, random, taken);
            foreach (var agent in decision.Ringing)
            {
                taken.Add(agent.Name);
            }

            decisions.Add(decision);
        }

        return decisions;
    }
}
