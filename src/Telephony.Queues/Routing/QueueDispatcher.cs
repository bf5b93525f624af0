namespace Telephony.Queues.Routing;

/// <summary>
/// One round of offers over every queue: callers are taken by queue priority, then their own
/// priority, then wait (longest first), then id; each gets the best agent nobody before them in
/// the round took. So an agent in several queues is offered the highest-priority queue's caller
/// first, and between queues of equal priority the caller who has waited longest.
/// </summary>
/// <remarks>
/// The round runs on every agent change, caller arrival and once a second, with possibly
/// thousands waiting, so it stops as soon as no free agent is left, and skips a caller whose
/// queue has no free agent left, without sorting everyone: the callers sit in a heap (built in
/// linear time) and only those who could still get an agent are taken off it. Figures in
/// docs/performance.md ("Queue routing").
/// </remarks>
public static class QueueDispatcher
{
    /// <summary>The offers of this round, in the order they were made; a caller not in it waits.</summary>
    public static IReadOnlyList<RoutingDecision> Plan(IReadOnlyList<QueueDefinition> queues, IReadOnlyList<QueueCaller> waiting,
        IReadOnlyList<AgentView> agents, DateTimeOffset now, RoundRobinMemory memory, Random random)
    {
        var round = new RoundAgents(agents, now);
        var decisions = new List<RoutingDecision>();
        if (round.FreeCount == 0 || waiting.Count == 0)
        {
            return decisions;
        }

        var byName = queues.ToDictionary(q => q.Name, StringComparer.Ordinal);
        var freeLeft = queues.ToDictionary(q => q.Name, q => round.FreeIn(q.Name).Count, StringComparer.Ordinal);
        var order = new PriorityQueue<QueueCaller, QueueCaller>(
            waiting.Where(c => byName.ContainsKey(c.Queue)).Select(c => (c, c)), new CallerOrder(byName));
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var agentsLeft = round.FreeCount;
        while (agentsLeft > 0 && order.TryDequeue(out var caller, out _))
        {
            if (freeLeft[caller.Queue] == 0)
            {
                continue;
            }

            var decision = QueueRouter.Decide(byName[caller.Queue], caller, round, now, memory, random, taken);
            if (decision.Ringing.Count == 0)
            {
                continue;
            }

            foreach (var agent in decision.Ringing)
            {
                taken.Add(agent.Name);
                agentsLeft--;
                foreach (var membership in agent.Definition.Queues)
                {
                    if (freeLeft.TryGetValue(membership.Queue, out var left))
                    {
                        freeLeft[membership.Queue] = left - 1;
                    }
                }
            }

            decisions.Add(decision);
        }

        return decisions;
    }

    /// <summary>Queue priority (higher first), caller priority (higher first), wait (longest first), then id: a total order, so rounds are deterministic.</summary>
    private sealed class CallerOrder(Dictionary<string, QueueDefinition> queues) : IComparer<QueueCaller>
    {
        public int Compare(QueueCaller? x, QueueCaller? y)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(y);
            var byQueue = queues[y.Queue].Priority.CompareTo(queues[x.Queue].Priority);
            if (byQueue != 0)
            {
                return byQueue;
            }

            var byCaller = y.Priority.CompareTo(x.Priority);
            if (byCaller != 0)
            {
                return byCaller;
            }

            var byWait = x.EnqueuedAt.CompareTo(y.EnqueuedAt);
            return byWait != 0 ? byWait : string.CompareOrdinal(x.Id, y.Id);
        }
    }
}
