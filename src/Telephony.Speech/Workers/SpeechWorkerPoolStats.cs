namespace Telephony.Speech.Workers;

/// <summary>
/// One reading of a <see cref="SpeechWorkerPool{TWork}"/>'s counters, for a metrics layer:
/// gauges (<see cref="Queued"/>, <see cref="Running"/>), totals since start (counters), and the
/// queue wait as a histogram with the bounds of <see cref="QueueWaitBucketBounds"/>.
/// </summary>
public sealed record SpeechWorkerPoolStats(
    int Workers,
    int QueueCapacity,
    int Queued,
    int Running,
    long Accepted,
    long Completed,
    long Failed,
    long Rejected,
    TimeSpan QueueWaitTotal,
    TimeSpan QueueWaitMax,
    IReadOnlyList<long> QueueWaitBuckets)
{
    /// <summary>
    /// Upper bounds of the queue-wait buckets; <see cref="QueueWaitBuckets"/> has one more entry
    /// for waits above the last. Chosen around turn-taking: a wait under 10 ms is invisible, one
    /// over 100 ms eats a visible share of a 400 ms turn budget.
    /// </summary>
    public static IReadOnlyList<TimeSpan> QueueWaitBucketBounds { get; } =
    [
        TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(25),
        TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500),
        TimeSpan.FromSeconds(1),
    ];

    /// <summary>Work taken off the queue (completed or failed).</summary>
    public long Started => Completed + Failed;

    /// <summary>Mean time a started item waited in the queue.</summary>
    public TimeSpan QueueWaitMean => Started == 0 ? TimeSpan.Zero : QueueWaitTotal / Started;
}
