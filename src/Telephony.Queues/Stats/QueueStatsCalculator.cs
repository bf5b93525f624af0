using Telephony.Queues.Agents;
using Telephony.Queues.Journal;
using Telephony.Queues.Routing;

namespace Telephony.Queues.Stats;

/// <summary>Computes a queue's figures from stored rows (pure: the same rows give the same figures).</summary>
public static class QueueStatsCalculator
{
    /// <summary>The arrival rate for Erlang C is measured over this much recent time.</summary>
    public static readonly TimeSpan ArrivalWindow = TimeSpan.FromMinutes(15);

    /// <param name="queue">The queue and its thresholds.</param>
    /// <param name="members">The agents who answer it (occupancy is listed for them).</param>
    /// <param name="entries">Stored entries (any queue): those joined since <paramref name="since"/>, and every open one.</param>
    /// <param name="events">Stored agent events in order (any agent), starting with each agent's last event before <paramref name="since"/>.</param>
    public static QueueStats Compute(QueueDefinition queue, IReadOnlyList<string> members, IReadOnlyList<StoredEntry> entries,
        IReadOnlyList<AgentEvent> events, DateTimeOffset since, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(queue);
        var mine = entries.Where(e => e.Queue == queue.Name).ToList();
        var open = mine.Where(e => e.Open).ToList();
        var window = mine.Where(e => e.JoinedAt >= since && e.JoinedAt <= now).ToList();
        var ended = window.Where(e => !e.Open).ToList();
        var answered = ended.Where(e => e.Outcome == QueueOutcomes.Answered && e.AnsweredAt is not null).ToList();
        var hungUp = ended.Where(e => e.Outcome == QueueOutcomes.CallerHungUp).ToList();
        var shortAbandoned = hungUp.Count(e => e.EndedAt!.Value - e.JoinedAt < queue.ShortAbandon);
        var maxWait = ended.Count(e => e.Outcome == QueueOutcomes.MaxWait);
        var within = answered.Count(e => e.AnsweredAt!.Value - e.JoinedAt <= queue.ServiceLevelWithin);
        var counted = ended.Count - shortAbandoned;

        var arrivalsFrom = now - ArrivalWindow;
        var arrivals = mine.Count(e => e.JoinedAt > arrivalsFrom && e.JoinedAt <= now);
        var perSecond = arrivals / ArrivalWindow.TotalSeconds;

        var timeline = Timeline.Of(events, since, now);
        var handle = timeline.HandleTime(queue.Name);
        int? needed = perSecond == 0 ? 0
            : handle is { } aht ? ErlangC.AgentsNeeded(perSecond, aht, queue.ServiceLevelTarget, queue.ServiceLevelWithin.TotalSeconds)
            : null;

        return new QueueStats(
            queue.Name,
            since,
            now,
            open.Count,
            open.Count == 0 ? 0 : Math.Max(0, (now - open.Min(e => e.JoinedAt)).TotalSeconds),
            window.Count,
            answered.Count,
            hungUp.Count - shortAbandoned,
            shortAbandoned,
            maxWait,
            ended.Count - answered.Count - hungUp.Count - maxWait,
            answered.Count == 0 ? null : answered.Average(e => (e.AnsweredAt!.Value - e.JoinedAt).TotalSeconds),
            within,
            counted == 0 ? null : (double)within / counted,
            queue.ServiceLevelWithin.TotalSeconds,
            queue.ServiceLevelTarget,
            queue.ShortAbandon.TotalSeconds,
            handle,
            perSecond * 3600,
            needed,
            [.. members.Select(timeline.Occupancy)]);
    }

    /// <summary>Each agent's statuses over the window, as segments between their stored events.</summary>
    private sealed class Timeline
    {
        private readonly List<Segment> _segments = [];
        private readonly Dictionary<string, AgentStatus> _last = new(StringComparer.Ordinal);

        private readonly record struct Segment(string Agent, AgentStatus Status, string? Queue, DateTimeOffset From, DateTimeOffset To, bool Closed);

        public static Timeline Of(IReadOnlyList<AgentEvent> events, DateTimeOffset since, DateTimeOffset now)
        {
            var timeline = new Timeline();
            foreach (var agent in events.GroupBy(e => e.Agent, StringComparer.Ordinal))
            {
                var list = agent.ToList();
                string? queue = null;
                for (var i = 0; i < list.Count; i++)
                {
                    var e = list[i];

                    // A change that keeps the status (registered during wrap-up) keeps the queue it is for.
                    queue = e.Queue ?? (i > 0 && list[i - 1].To == e.To ? queue : null);
                    var from = e.At < since ? since : e.At;
                    var closed = i + 1 < list.Count;
                    var to = closed ? list[i + 1].At : now;
                    if (to > from)
                    {
                        timeline._segments.Add(new Segment(e.Agent, e.To, queue, from, to, closed));
                    }
                }

                timeline._last[agent.Key] = list[^1].To;
            }

            return timeline;
        }

        /// <summary>Mean of on-call plus wrap-up time per call of the queue whose on-call time ended; null when none did.</summary>
        public double? HandleTime(string queue)
        {
            var mine = _segments.Where(s => s.Queue == queue && s.Status is AgentStatus.OnCall or AgentStatus.WrapUp).ToList();
            var calls = mine.Count(s => s.Status == AgentStatus.OnCall && s.Closed);
            return calls == 0 ? null : mine.Sum(s => (s.To - s.From).TotalSeconds) / calls;
        }

        public AgentOccupancy Occupancy(string agent)
        {
            var mine = _segments.Where(s => s.Agent == agent).ToList();
            var handling = mine.Where(s => s.Status is AgentStatus.OnCall or AgentStatus.WrapUp).Sum(s => (s.To - s.From).TotalSeconds);
            var staffed = mine.Where(s => s.Status is AgentStatus.Available or AgentStatus.Ringing or AgentStatus.OnCall or AgentStatus.WrapUp)
                .Sum(s => (s.To - s.From).TotalSeconds);
            var status = _last.TryGetValue(agent, out var last) ? last : AgentStatus.Offline;
            return new AgentOccupancy(agent, AgentStatusNames.Of(status), handling, staffed, staffed == 0 ? null : handling / staffed);
        }
    }
}
