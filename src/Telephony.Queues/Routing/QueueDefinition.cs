namespace Telephony.Queues.Routing;

/// <summary>A queue's routing rules.</summary>
/// <param name="Name">As dialplans (<c>queue:sales</c>), the CLI and the API name it.</param>
/// <param name="Strategy">How an agent is chosen.</param>
/// <param name="Priority">Higher first: an agent in several queues is offered the highest-priority queue's caller first.</param>
public sealed record QueueDefinition(string Name, StrategyKind Strategy, int Priority = 0)
{
    /// <summary>How long an offer rings before the next agent is tried.</summary>
    public TimeSpan AgentTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Time after each call of this queue during which the agent is offered nothing, from any queue.</summary>
    public TimeSpan WrapUp { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How the caller reaches the agent: bridged by us (default), or referred to the agent's contact.</summary>
    public DeliveryKind Delivery { get; init; } = DeliveryKind.Bridge;

    /// <summary>How the skills requirement relaxes as the caller waits, in order of <see cref="SkillRelaxation.After"/>.</summary>
    public IReadOnlyList<SkillRelaxation> Relaxation { get; init; } = [];

    /// <summary>Familiar customer: the last agent counts when they served the caller within this time.</summary>
    public TimeSpan FamiliarWithin { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Familiar customer: how long the caller waits for that agent alone before the others are tried.</summary>
    public TimeSpan FamiliarFirstFor { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Familiar customer: the strategy used when there is no familiar agent or their time is up.</summary>
    public StrategyKind FamiliarThen { get; init; } = StrategyKind.LongestIdle;

    /// <summary>Statistics: the service level counts callers answered within this wait.</summary>
    public TimeSpan ServiceLevelWithin { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Statistics: the share of callers to answer within <see cref="ServiceLevelWithin"/> ("agents needed" plans for it), 0 to 1.</summary>
    public double ServiceLevelTarget { get; init; } = 0.8;

    /// <summary>Statistics: a caller who hangs up sooner than this is a short abandon, not counted as abandoned.</summary>
    public TimeSpan ShortAbandon { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>What is wrong with this definition, one line per problem.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            problems.Add("a queue needs a name");
        }

        if (AgentTimeout <= TimeSpan.Zero)
        {
            problems.Add($"queue '{Name}': agent_timeout must be more than 0");
        }

        if (WrapUp < TimeSpan.Zero)
        {
            problems.Add($"queue '{Name}': wrap_up cannot be negative");
        }

        if (Relaxation.Any(r => r.LowerBy < 1 || r.After < TimeSpan.Zero))
        {
            problems.Add($"queue '{Name}': each relaxation step lowers the levels by at least 1 after a wait of 0 or more");
        }

        if (ServiceLevelWithin <= TimeSpan.Zero || ShortAbandon < TimeSpan.Zero)
        {
            problems.Add($"queue '{Name}': service_level must be more than 0 and short_abandon 0 or more");
        }

        if (ServiceLevelTarget is <= 0 or >= 1)
        {
            problems.Add($"queue '{Name}': service_level_target is a percentage from 1 to 99");
        }

        if (FamiliarThen is StrategyKind.FamiliarCustomer)
        {
            problems.Add($"queue '{Name}': familiar customer needs another strategy to fall back on (familiar.then)");
        }

        return problems;
    }
}
