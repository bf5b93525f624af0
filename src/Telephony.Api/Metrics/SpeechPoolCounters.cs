namespace Telephony.Api.Metrics;

/// <summary>The speech worker pool's reading at scrape time (from <c>SpeechWorkerPool.Stats</c>).</summary>
/// <param name="Workers">Threads in the pool.</param>
/// <param name="Queued">Work items waiting now.</param>
/// <param name="Completed">Items done since start.</param>
/// <param name="Failed">Items that threw since start.</param>
/// <param name="Rejected">Items refused since start because the queue was full: back-pressure, each one a turn that fell back to keys.</param>
/// <param name="WaitBoundsSeconds">Upper bounds of the queue-wait buckets.</param>
/// <param name="WaitCounts">Items per bucket since start (not cumulative); one more than the bounds, the last for waits past the last bound.</param>
/// <param name="WaitSumSeconds">Total queue wait of every item started.</param>
public sealed record SpeechPoolCounters(
    int Workers,
    int Queued,
    long Completed,
    long Failed,
    long Rejected,
    IReadOnlyList<double> WaitBoundsSeconds,
    IReadOnlyList<long> WaitCounts,
    double WaitSumSeconds);
