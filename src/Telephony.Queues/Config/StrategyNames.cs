using Telephony.Queues.Routing;

namespace Telephony.Queues.Config;

/// <summary>How strategies are spelled in the queues file, the CLI and the API (kebab case).</summary>
public static class StrategyNames
{
    private static readonly (string Name, StrategyKind Kind)[] All =
    [
        ("ring-all", StrategyKind.RingAll),
        ("round-robin", StrategyKind.RoundRobin),
        ("longest-idle", StrategyKind.LongestIdle),
        ("fewest-calls", StrategyKind.FewestCalls),
        ("least-talk-time", StrategyKind.LeastTalkTime),
        ("random", StrategyKind.Random),
        ("linear", StrategyKind.Linear),
        ("skills-based", StrategyKind.SkillsBased),
        ("familiar-customer", StrategyKind.FamiliarCustomer),
    ];

    /// <summary>Every name, in the order the docs list them.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(a => a.Name).ToArray();

    public static bool TryParse(string name, out StrategyKind kind)
    {
        foreach (var (n, k) in All)
        {
            if (n == name)
            {
                kind = k;
                return true;
            }
        }

        kind = default;
        return false;
    }

    public static string NameOf(StrategyKind kind) => All.First(a => a.Kind == kind).Name;
}
