using Telephony.Queues.Agents;
using Telephony.Queues.Routing;

namespace Telephony.Queues.Tests;

/// <summary>
/// The one situation every strategy test decides on, at 09:30:00 (the facts are given directly;
/// <see cref="AgentBookTests"/> shows the book producing such facts from real transitions):
/// <code>
///   agent  order  idle for  sales calls  talk today  billing  spanish  state
///   alice  0      60 s      5            30 min      3        -        available
///   bob    1      300 s     2            40 min      8        -        available
///   carol  2      120 s     2            10 min      8        5        available
///   dave   3      300 s     7            5 min       -        -        available
///   erin   4      -         0            0           10       -        paused (lunch)
///   frank  5      -         1            1 min       10       -        wrap-up, 30 s left
/// </code>
/// bob and dave have been idle equally long: the tiebreak (configuration order) puts bob first.
/// </summary>
internal static class Situation
{
    public const string Sales = "sales";

    public static readonly DateTimeOffset Now = new(2026, 12, 4, 9, 30, 0, TimeSpan.Zero);

    public static IReadOnlyList<AgentView> Team() =>
    [
        Available(0, "alice", 60, 5, 30, ("billing", 3)),
        Available(1, "bob", 300, 2, 40, ("billing", 8)),
        Available(2, "carol", 120, 2, 10, ("billing", 8), ("spanish", 5)),
        Available(3, "dave", 300, 7, 5),
        new(Definition("erin", ("billing", 10)), LoggedIn() with { PauseReason = "lunch", PausedAt = Now.AddMinutes(-10) }, 4),
        new(Definition("frank", ("billing", 10)), LoggedIn() with
        {
            WrapUpQueue = Sales, WrapUpUntil = Now.AddSeconds(30), IdleSince = Now.AddSeconds(30),
            AnsweredToday = new Dictionary<string, int> { [Sales] = 1 }, TalkTimeToday = TimeSpan.FromMinutes(1),
        }, 5),
    ];

    public static QueueDefinition Queue(StrategyKind strategy) => new(Sales, strategy);

    public static QueueCaller Caller(string id = "caller-1", TimeSpan? waited = null) =>
        new(id, Sales, "+15550100", Now - (waited ?? TimeSpan.FromSeconds(5)));

    public static RoutingDecision Decide(StrategyKind strategy, QueueCaller? caller = null, RoundRobinMemory? memory = null,
        Random? random = null, IReadOnlyList<AgentView>? agents = null, QueueDefinition? queue = null) =>
        QueueRouter.Decide(queue ?? Queue(strategy), caller ?? Caller(), agents ?? Team(), Now, memory ?? new RoundRobinMemory(), random ?? new Random(1));

    public static string[] Names(IEnumerable<AgentView> agents) => [.. agents.Select(a => a.Name)];

    public static AgentDefinition Definition(string name, params (string Skill, int Level)[] skills) =>
        new(name, name, skills.ToDictionary(s => s.Skill, s => s.Level), [new QueueMembership(Sales)]);

    private static AgentFacts LoggedIn() => new() { LoggedIn = true, Registered = true, LoggedInAt = Now.AddHours(-2) };

    private static AgentView Available(int order, string name, int idleSeconds, int calls, int talkMinutes, params (string Skill, int Level)[] skills) =>
        new(Definition(name, skills), LoggedIn() with
        {
            IdleSince = Now.AddSeconds(-idleSeconds),
            AnsweredToday = new Dictionary<string, int> { [Sales] = calls },
            TalkTimeToday = TimeSpan.FromMinutes(talkMinutes),
        }, order);
}
