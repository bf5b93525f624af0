using Telephony.Queues.Routing;

namespace Telephony.Queues.Config;

/// <summary>What a queues file defines, in file order (configuration order is the routing tiebreak's last word).</summary>
public sealed record QueuesConfig(IReadOnlyList<QueueDefinition> Queues, IReadOnlyList<AgentAccount> Agents)
{
    public static QueuesConfig Empty { get; } = new([], []);
}
