namespace Telephony.Speech.Workers;

/// <summary>How big a <see cref="SpeechWorkerPool{TWork}"/> is.</summary>
/// <param name="Workers">Threads doing the work; default one per core (recognition is CPU-bound: more threads than cores only add switching).</param>
/// <param name="QueueCapacity">Work items that may wait; default 32 per worker. Past it new work is refused, so a burst costs bounded memory and bounded delay.</param>
/// <param name="Name">Prefix of the threads' names (seen in dumps and profilers).</param>
public sealed record SpeechWorkerPoolOptions(int? Workers = null, int? QueueCapacity = null, string Name = "speech")
{
    public int WorkersOrDefault => Workers ?? Environment.ProcessorCount;

    public int QueueCapacityOrDefault => QueueCapacity ?? (32 * WorkersOrDefault);

    /// <summary>Throws a <see cref="SpeechException"/> naming the field when a value cannot work.</summary>
    public void Validate()
    {
        if (WorkersOrDefault is < 1 or > 1024)
        {
            throw new SpeechException($"speech workers {WorkersOrDefault} is out of range: 1 to 1024 (default: one per core, {Environment.ProcessorCount} here)");
        }

        if (QueueCapacityOrDefault is < 1 or > 1_000_000)
        {
            throw new SpeechException($"speech queue capacity {QueueCapacityOrDefault} is out of range: 1 to 1000000 (default: 32 per worker)");
        }

        if (string.IsNullOrWhiteSpace(Name))
        {
            throw new SpeechException("speech worker pool name is empty: give the threads a name, e.g. 'asr'");
        }
    }
}
