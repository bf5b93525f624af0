namespace Telephony.Queues.Routing;

/// <summary>
/// The agent each queue offered a call to last, with their place in the configuration, so round
/// robin goes on where it stopped (across calls, and across restarts once stored). Thread-safe.
/// </summary>
public sealed class RoundRobinMemory
{
    private readonly Dictionary<string, (string Agent, int ConfigOrder)> _last = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>The agent offered last in <paramref name="queue"/> and their configuration position; null before the first offer.</summary>
    public (string Agent, int ConfigOrder)? LastOffered(string queue)
    {
        lock (_gate)
        {
            return _last.TryGetValue(queue, out var last) ? last : null;
        }
    }

    public void Offered(string queue, AgentView agent)
    {
        lock (_gate)
        {
            _last[queue] = (agent.Name, agent.ConfigOrder);
        }
    }
}
