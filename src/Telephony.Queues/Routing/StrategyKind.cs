namespace Telephony.Queues.Routing;

/// <summary>How a queue picks among the agents who could take a call (docs/queues.md, "Strategies").</summary>
public enum StrategyKind
{
    /// <summary>Every eligible agent of the best tier rings at once; the first to answer takes it.</summary>
    RingAll,

    /// <summary>The next agent after the one offered last in this queue, in configuration order, remembered across calls.</summary>
    RoundRobin,

    /// <summary>The agent free for the longest time.</summary>
    LongestIdle,

    /// <summary>The agent who answered fewest calls of this queue today.</summary>
    FewestCalls,

    /// <summary>The agent with the least time on calls today (every queue).</summary>
    LeastTalkTime,

    /// <summary>A random eligible agent (seeded, so a test can repeat it).</summary>
    Random,

    /// <summary>Always in configuration order: the first eligible agent in the list.</summary>
    Linear,

    /// <summary>Agents with the caller's required skills at the minimum levels, best level first; the minimum relaxes with the wait.</summary>
    SkillsBased,

    /// <summary>The agent who last served this caller (within the queue's window) first, for a while; then <see cref="QueueDefinition.FamiliarThen"/>.</summary>
    FamiliarCustomer,
}
