using Telephony.Queues.Agents;
using Telephony.Queues.Routing;

namespace Telephony.Queues.Stats;

/// <summary>Today's figures (since midnight UTC) of each queue, read from the stored history at each request: nothing is counted in memory.</summary>
public sealed class QueueStatistics(IReadOnlyList<QueueDefinition> queues, IReadOnlyList<AgentDefinition> agents, IQueueHistory history, TimeProvider? time = null) : IQueueStatistics
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public IReadOnlyList<QueueStats> All() => Compute(queues);

    public QueueStats? Of(string queue) => queues.FirstOrDefault(q => q.Name == queue) is { } one ? Compute([one])[0] : null;

    private List<QueueStats> Compute(IReadOnlyList<QueueDefinition> which)
    {
        var now = _time.GetUtcNow();
        var since = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);

        // The arrival rate looks back 15 minutes, across midnight too.
        var from = since < now - QueueStatsCalculator.ArrivalWindow ? since : now - QueueStatsCalculator.ArrivalWindow;
        var entries = history.Entries(from);
        var events = history.AgentEvents(since);
        return [.. which.Select(q => QueueStatsCalculator.Compute(q, [.. agents.Where(a => a.Queues.Any(m => m.Queue == q.Name)).Select(a => a.Name)], entries, events, since, now))];
    }
}
