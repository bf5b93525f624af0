namespace Telephony.Queues.Routing.Strategies;

/// <summary>The strategy object for each <see cref="StrategyKind"/> (familiar customer is decided by the router around another one).</summary>
internal static class Strategies
{
    public static IRoutingStrategy For(StrategyKind kind) => kind switch
    {
        StrategyKind.RingAll => new ByKey(_ => 0),
        StrategyKind.RoundRobin => new RoundRobinStrategy(),
        StrategyKind.LongestIdle => new ByKey(_ => 0),
        StrategyKind.FewestCalls => new ByKeyInQueue((a, q) => a.Facts.AnsweredTodayIn(q)),
        StrategyKind.LeastTalkTime => new ByKey(a => a.Facts.TalkTimeToday.Ticks),
        StrategyKind.Random => new RandomStrategy(),
        StrategyKind.Linear => new LinearStrategy(),
        StrategyKind.SkillsBased => new SkillsStrategy(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "familiar customer wraps another strategy"),
    };

    /// <summary>Smallest key first, then the tiebreak (longest idle is the tiebreak alone).</summary>
    private sealed class ByKey(Func<AgentView, long> key) : IRoutingStrategy
    {
        public IReadOnlyList<AgentView> Order(IReadOnlyList<AgentView> candidates, RoutingContext context) => Tiebreak.By(candidates, key);
    }

    private sealed class ByKeyInQueue(Func<AgentView, string, long> key) : IRoutingStrategy
    {
        public IReadOnlyList<AgentView> Order(IReadOnlyList<AgentView> candidates, RoutingContext context) =>
            Tiebreak.By(candidates, a => key(a, context.Queue.Name));
    }
}
