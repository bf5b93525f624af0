namespace Telephony.Queues.Routing.Strategies;

/// <summary>
/// The one rule for equal agents, the same for every strategy (docs/queues.md): the agent free
/// longest first, then configuration order. Never hash order, never the order agents logged in.
/// </summary>
internal static class Tiebreak
{
    public static IOrderedEnumerable<AgentView> Then(IOrderedEnumerable<AgentView> ordered) =>
        ordered.ThenBy(a => a.IdleSince).ThenBy(a => a.ConfigOrder).ThenBy(a => a.Name, StringComparer.Ordinal);

    public static IReadOnlyList<AgentView> By<TKey>(IEnumerable<AgentView> candidates, Func<AgentView, TKey> key) =>
        [.. Then(candidates.OrderBy(key))];
}
