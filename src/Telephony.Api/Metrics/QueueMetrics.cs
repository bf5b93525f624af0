using Microsoft.Extensions.Logging;
using Prometheus;
using Telephony.Queues.Stats;

namespace Telephony.Api.Metrics;

/// <summary>
/// Queue gauges, labelled by queue (occupancy by agent), set at each scrape from the stored
/// history (<see cref="IQueueStatistics"/>): the same figures as <c>GET /queues</c>, never
/// counters kept in memory. "Today" figures restart at midnight UTC.
/// </summary>
internal sealed class QueueMetrics
{
    private readonly IQueueStatistics _stats;
    private readonly ILogger _logger;
    private readonly Gauge _waiting;
    private readonly Gauge _longestWait;
    private readonly Gauge _offered;
    private readonly Gauge _answered;
    private readonly Gauge _abandoned;
    private readonly Gauge _serviceLevel;
    private readonly Gauge _speedOfAnswer;
    private readonly Gauge _handleTime;
    private readonly Gauge _agentsNeeded;
    private readonly Gauge _occupancy;

    public QueueMetrics(CollectorRegistry registry, IQueueStatistics stats, ILogger logger)
    {
        _stats = stats;
        _logger = logger;
        var f = Prometheus.Metrics.WithCustomRegistry(registry);
        string[] queue = ["queue"];
        _waiting = f.CreateGauge("telephony_queue_waiting", "Callers waiting in the queue now (open stored entries).", queue);
        _longestWait = f.CreateGauge("telephony_queue_longest_wait_seconds", "How long the longest-waiting caller has waited.", queue);
        _offered = f.CreateGauge("telephony_queue_offered_today", "Callers who joined the queue today (UTC).", queue);
        _answered = f.CreateGauge("telephony_queue_answered_today", "Of those, answered by an agent.", queue);
        _abandoned = f.CreateGauge("telephony_queue_abandoned_today", "Of those, hung up after the short-abandon threshold.", queue);
        _serviceLevel = f.CreateGauge("telephony_queue_service_level_ratio", "Answered within the queue's service-level time, over ended entries less short abandons (absent until one ended).", queue);
        _speedOfAnswer = f.CreateGauge("telephony_queue_average_speed_of_answer_seconds", "Mean wait of today's answered callers.", queue);
        _handleTime = f.CreateGauge("telephony_queue_average_handle_time_seconds", "Mean time on call plus wrap-up per completed call today.", queue);
        _agentsNeeded = f.CreateGauge("telephony_queue_agents_needed", "Agents Erlang C says the current arrival rate and handle time need for the target service level.", queue);
        _occupancy = f.CreateGauge("telephony_agent_occupancy_ratio", "Share of an agent's staffed time today spent on calls and wrap-up.", ["queue", "agent"]);
        registry.AddBeforeCollectCallback(Scrape);
    }

    private void Scrape()
    {
        IReadOnlyList<QueueStats> all;
        try
        {
            all = _stats.All();
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or IOException)
        {
            _logger.LogWarning("metrics: queue statistics unavailable: {Message}", e.Message);
            return;
        }

        foreach (var q in all)
        {
            _waiting.WithLabels(q.Queue).Set(q.Waiting);
            _longestWait.WithLabels(q.Queue).Set(q.LongestWaitSeconds);
            _offered.WithLabels(q.Queue).Set(q.Offered);
            _answered.WithLabels(q.Queue).Set(q.Answered);
            _abandoned.WithLabels(q.Queue).Set(q.Abandoned);
            Optional(_serviceLevel, q.Queue, q.ServiceLevel);
            Optional(_speedOfAnswer, q.Queue, q.AverageSpeedOfAnswerSeconds);
            Optional(_handleTime, q.Queue, q.AverageHandleTimeSeconds);
            Optional(_agentsNeeded, q.Queue, q.AgentsNeeded);
            foreach (var agent in q.Agents)
            {
                if (agent.Occupancy is { } occupancy)
                {
                    _occupancy.WithLabels(q.Queue, agent.Agent).Set(occupancy);
                }
            }
        }
    }

    private static void Optional(Gauge gauge, string queue, double? value)
    {
        if (value is { } v)
        {
            gauge.WithLabels(queue).Set(v);
        }
    }
}
