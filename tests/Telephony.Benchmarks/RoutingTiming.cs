using System.Diagnostics;
using System.Globalization;
using Telephony.Queues.Agents;
using Telephony.Queues.Routing;

namespace Telephony.Benchmarks;

/// <summary>
/// The routing figure of docs/performance.md: one dispatch round (QueueDispatcher.Plan, what the
/// queue service runs on every agent change, caller arrival and once a second) with 1,000 agents
/// in 10 queues and 10,000 callers waiting, each round timed with a Stopwatch and reported as p50,
/// p99 and max (the target is on the tail: p99 &lt; 1 ms). Situations: one agent just became free
/// (the usual event in a busy centre), 50 free at once, none free (a caller arrives), and the
/// worst case for the early exit: the one free agent lacks the skill every caller needs.
/// <c>dotnet run -c Release --project tests/Telephony.Benchmarks -- routing [ROUNDS]</c>.
/// </summary>
internal static class RoutingTiming
{
    private const int Agents = 1_000;
    private const int Callers = 10_000;
    private const int QueueCount = 10;

    private static readonly DateTimeOffset Now = new(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);

    public static void Run(int rounds)
    {
        var strategies = new[]
        {
            StrategyKind.LongestIdle, StrategyKind.RoundRobin, StrategyKind.FewestCalls, StrategyKind.LeastTalkTime, StrategyKind.SkillsBased,
            StrategyKind.Linear, StrategyKind.Random, StrategyKind.RingAll, StrategyKind.SkillsBased, StrategyKind.LongestIdle,
        };
        var queues = Enumerable.Range(0, QueueCount)
            .Select(i => new QueueDefinition($"q{i}", strategies[i], Priority: i % 3)
            {
                Relaxation = [new SkillRelaxation(TimeSpan.FromSeconds(60), 2)],
            })
            .ToList();
        var callers = Enumerable.Range(0, Callers).Select(i => new QueueCaller(
            $"call-{i}", $"q{i % QueueCount}", $"+1555{i:D7}", Now.AddMilliseconds(-(i * 37 % 600_000)))
        {
            Priority = i % 50 == 0 ? 1 : 0,
            RequiredSkills = i % 4 == 0 ? new Dictionary<string, int> { ["billing"] = 1 + (i % 7) } : new Dictionary<string, int>(),
        }).ToList();

        Console.WriteLine($"Routing round (QueueDispatcher.Plan) with {Agents} agents in {QueueCount} queues and {Callers} callers waiting, {rounds} rounds each ({Environment.ProcessorCount} cores):");
        Report("1 agent free", queues, callers, Team(free: 1, freeHasBilling: true), rounds);
        Report("50 agents free", queues, callers, Team(free: 50, freeHasBilling: true), rounds);
        Report("no agent free", queues, callers, Team(free: 0, freeHasBilling: true), rounds);
        var billingOnly = callers.Select(c => c with { RequiredSkills = new Dictionary<string, int> { ["billing"] = 9 }, EnqueuedAt = Now.AddSeconds(-5) }).ToList();
        Report("1 free, no caller fits", queues, billingOnly, Team(free: 1, freeHasBilling: false), rounds);
    }

    private static void Report(string situation, List<QueueDefinition> queues, List<QueueCaller> callers, List<AgentView> agents, int rounds)
    {
        var memory = new RoundRobinMemory();
        var random = new Random(7);
        var offers = 0;
        for (var i = 0; i < Math.Min(20, rounds); i++)
        {
            offers = QueueDispatcher.Plan(queues, callers, agents, Now, memory, random).Count; // warm-up: JIT tiers
        }

        var wall = new double[rounds];
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < rounds; i++)
        {
            var start = Stopwatch.GetTimestamp();
            QueueDispatcher.Plan(queues, callers, agents, Now, memory, random);
            wall[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        allocated = (GC.GetAllocatedBytesForCurrentThread() - allocated) / rounds;
        Array.Sort(wall);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {situation,-24} offers {offers,3}  p50 {Percentile(wall, 0.50):F3} ms  p99 {Percentile(wall, 0.99):F3} ms  max {wall[^1]:F3} ms  allocated {allocated / 1024} KiB/round"));
    }

    /// <summary>1,000 agents, each in 2 or 3 of the queues, all on calls except the first <paramref name="free"/>.</summary>
    private static List<AgentView> Team(int free, bool freeHasBilling)
    {
        var agents = new List<AgentView>(Agents);
        for (var i = 0; i < Agents; i++)
        {
            var memberships = new List<QueueMembership> { new($"q{i % QueueCount}"), new($"q{(i + 3) % QueueCount}", Tier: 2) };
            if (i % 2 == 0)
            {
                memberships.Add(new QueueMembership($"q{(i + 7) % QueueCount}", Tier: 3));
            }

            var skills = new Dictionary<string, int> { ["spanish"] = 1 + (i % 10) };
            if (i >= free || freeHasBilling)
            {
                skills["billing"] = 1 + (i % 10);
            }

            var idle = Now.AddSeconds(-(i * 13 % 900));
            var facts = new AgentFacts
            {
                LoggedIn = true,
                Registered = true,
                LoggedInAt = Now.AddHours(-3),
                IdleSince = idle,
                AnsweredToday = new Dictionary<string, int> { [$"q{i % QueueCount}"] = i % 17 },
                TalkTimeToday = TimeSpan.FromSeconds(i * 31 % 7200),
                Engagement = i < free ? null : new AgentEngagement($"q{i % QueueCount}", $"busy-{i}", true, Now.AddSeconds(-(i % 300))),
            };
            agents.Add(new AgentView(new AgentDefinition($"agent-{i:D4}", $"{2000 + i}", skills, memberships), facts, i));
        }

        return agents;
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
