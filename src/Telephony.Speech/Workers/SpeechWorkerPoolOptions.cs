namespace Telephony.Speech.Workers;

/// <summary>How big a <see cref="SpeechWorkerPool{TWork}"/> is.</summary>
/// <param name="Workers">Threads doing the work; default one per core (recognition is CPU-bound: more threads than cores only add switching).</param>
/// <param name="QueueCapacity">Work items that may wait; default 256 per worker. Past it new work is refused, so a burst costs bounded memory.
/// A speaking call holds at most one item (its frames are drained one batch at a time), so the default leaves room for a burst of every call speaking at once.</param>
/// <param name="MaxQueueWait">New work is refused while the oldest waiting item has waited longer than this (default 2 s): the pool is that far behind,
/// and a caller is better served by keys at once than by an answer later still. This, not the count, is what bounds the delay.</param>
/// <param name="Name">Prefix of the threads' names (seen in dumps and profilers).</param>
public sealed record SpeechWorkerPoolOptions(int? Workers = null, int? QueueCapacity = null, string Name = "speech", TimeSpan? MaxQueueWait = null)
{
    public int WorkersOrDefault => Workers ?? Environment.ProcessorCount;

    public int QueueCapacityOrDefault => QueueCapacity ?? (256 * WorkersOrDefault);

    public TimeSpan MaxQueueWaitOrDefault => MaxQueueWait ?? TimeSpan.FromSeconds(2);

    /// <summary>Throws a <see cref="SpeechException"/> naming the field when a value cannot work.</summary>
    public void Validate()
    {
        if (WorkersOrDefault is < 1 or > 1024)
        {
            throw new SpeechException($"speech workers {WorkersOrDefault} is out of range: 1 to 1024 (default: one per core, {Environment.ProcessorCount} here)");
        }

        if (QueueCapacityOrDefault is < 1 or > 1_000_000)
        {
            throw new SpeechException($"speech queue capacity {QueueCapacityOrDefault} is out of range: 1 to 1000000 (default: 256 per worker)");
        }

        if (MaxQueueWaitOrDefault <= TimeSpan.Zero || MaxQueueWaitOrDefault > TimeSpan.FromMinutes(1))
        {
            throw new SpeechException($"speech max queue wait {MaxQueueWaitOrDefault.TotalMilliseconds} ms is out of range: above 0 and at most 60000 ms (default: 2000 ms)");
        }

        if (string.IsNullOrWhiteSpace(Name))
        {
            throw new SpeechException("speech worker pool name is empty: give the threads a name, e.g. 'asr'");
        }
    }
}
