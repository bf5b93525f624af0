namespace Telephony.Queues.Stats;

/// <summary>Every served queue's figures now, from storage (the API, <c>telephony queue status</c> and /metrics read them).</summary>
public interface IQueueStatistics
{
    /// <summary>Every queue, in configuration order.</summary>
    IReadOnlyList<QueueStats> All();

    /// <summary>One queue; null when there is no such queue.</summary>
    QueueStats? Of(string queue);
}
