using Telephony.Queues.Routing.Strategies;

namespace Telephony.Queues.Routing;

/// <summary>
/// Decides whom a caller is offered to: eligible agents (the same rules as <see cref="Eligibility"/>),
/// the best tier that has any, ordered by the queue's strategy. Familiar customer comes first when
/// the queue uses it. Agents who let this caller's offer go are tried again only after everyone else.
/// </summary>
public static class QueueRouter
{
    /// <param name="agents">Every agent, in configuration order; the queue's members are picked out here.</param>
    /// <param name="taken">Agents already given a call in this round (by a caller decided before this one).</param>
    public static RoutingDecision Decide(QueueDefinition queue, QueueCaller caller, IReadOnlyList<AgentView> agents, DateTimeOffset now,
        RoundRobinMemory memory, Random random, IReadOnlySet<string>? taken = null) =>
        Decide(queue, caller, new RoundAgents(agents, now), now, memory, random, taken);

    /// <summary>The same decision on agents already sorted for the round (the dispatcher decides many callers on one <see cref="RoundAgents"/>).</summary>
    internal static RoutingDecision Decide(QueueDefinition queue, QueueCaller caller, RoundAgents round, DateTimeOffset now,
        RoundRobinMemory memory, Random random, IReadOnlySet<string>? taken)
    {
        var members = round.MembersOf(queue.Name);
        if (members.Count == 0)
        {
            return Wait(caller, $"queue '{queue.Name}' has no agents");
        }

        if (queue.Strategy == StrategyKind.FamiliarCustomer && Familiar(queue, caller, members, now, taken) is { } familiar)
        {
            return familiar;
        }

        var required = SkillRequirement.At(queue, caller, now);
        var free = round.FreeIn(queue.Name);
        var eligible = Eligible(free, required, caller, taken, ignoreDeclined: false);
        if (eligible.Count == 0 && caller.Declined.Count > 0)
        {
            // Everyone else was tried: the agents who let it go get another chance rather than the caller waiting for nobody.
            eligible = Eligible(free, required, caller, taken, ignoreDeclined: true);
        }

        if (eligible.Count == 0)
        {
            return Wait(caller, $"no agent of queue '{queue.Name}' can take the call now");
        }

        var tier = eligible.Min(a => a.Definition.MembershipOf(queue.Name)!.Tier);
        var inTier = eligible.Where(a => a.Definition.MembershipOf(queue.Name)!.Tier == tier).ToList();
        var kind = queue.Strategy == StrategyKind.FamiliarCustomer ? queue.FamiliarThen : queue.Strategy;
        var ordered = Strategies.Strategies.For(kind).Order(inTier, new RoutingContext(queue, caller, now, memory, random));
        var simultaneous = kind == StrategyKind.RingAll;
        var why = simultaneous
            ? $"ring all of tier {tier}: {string.Join(", ", ordered.Select(a => a.Name))}"
            : $"{Describe(kind)} in tier {tier}: {ordered[0].Name}";
        return new RoutingDecision(caller, ordered, simultaneous, why);
    }

    private static RoutingDecision? Familiar(QueueDefinition queue, QueueCaller caller, IReadOnlyList<AgentView> members, DateTimeOffset now, IReadOnlySet<string>? taken)
    {
        if (caller.LastAgent is not { } last || now - last.ServedAt > queue.FamiliarWithin || caller.WaitAt(now) >= queue.FamiliarFirstFor)
        {
            return null;
        }

        if (members.FirstOrDefault(a => a.Name == last.Agent) is not { } agent)
        {
            return null;
        }

        var holdBacks = Eligibility.HoldBacks(agent, queue, caller, now);
        if (holdBacks.Count == 0 && taken?.Contains(agent.Name) != true)
        {
            return new RoutingDecision(caller, [agent], false, $"familiar customer: {agent.Name} served this caller last");
        }

        // Busy, ringing or in wrap-up end by themselves soon: the caller waits for the agent who knows them. Paused, logged out,
        // unregistered or declined may last: the other agents are tried at once.
        var until = caller.EnqueuedAt + queue.FamiliarFirstFor;
        // (No rule at all means another caller of this round took them: that too is over in a moment.)
        return holdBacks.All(h => h.IsTransient)
            ? Wait(caller, $"familiar customer: waiting for {agent.Name} ({(holdBacks.Count > 0 ? holdBacks[0].Text : "taken by another caller")}) until {until.UtcDateTime:HH:mm:ss}Z")
            : null;
    }

    private static List<AgentView> Eligible(IReadOnlyList<AgentView> free, IReadOnlyDictionary<string, int> required, QueueCaller caller,
        IReadOnlySet<string>? taken, bool ignoreDeclined) =>
        [.. free.Where(a => taken?.Contains(a.Name) != true && Eligibility.Fits(a, required, caller, ignoreDeclined))];

    private static RoutingDecision Wait(QueueCaller caller, string why) => new(caller, [], false, why);

    private static string Describe(StrategyKind kind) => kind switch
    {
        StrategyKind.RoundRobin => "round robin",
        StrategyKind.LongestIdle => "longest idle",
        StrategyKind.FewestCalls => "fewest calls",
        StrategyKind.LeastTalkTime => "least talk time",
        StrategyKind.Random => "random",
        StrategyKind.Linear => "linear",
        StrategyKind.SkillsBased => "best skills",
        _ => kind.ToString(),
    };
}
