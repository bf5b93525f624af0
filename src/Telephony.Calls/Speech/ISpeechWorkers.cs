namespace Telephony.Calls.Speech;

/// <summary>
/// Where speech turns do their CPU work (the detector and the recogniser over the caller's audio):
/// the server's bounded pool of speech threads, never the media clock thread nor the thread pool
/// that serves sockets. Calls own this contract; the server implements it over
/// <c>Telephony.Speech.Workers.SpeechWorkerPool</c>.
/// </summary>
public interface ISpeechWorkers
{
    /// <summary>
    /// Queues <paramref name="item"/> to run once on a worker; false, at once, when the workers are
    /// saturated (the queue is full) or stopping: the caller falls back rather than waits.
    /// </summary>
    bool TrySchedule(ISpeechWorkItem item);
}

/// <summary>One piece of speech work; <see cref="Run"/> is called on a worker thread.</summary>
public interface ISpeechWorkItem
{
    /// <summary>Does the work; an exception is the worker's to count and log.</summary>
    void Run();
}

/// <summary>
/// The workers when the server gave none (tests, a call manager built by hand): the .NET thread
/// pool, unbounded. The server always passes its own bounded pool.
/// </summary>
internal sealed class ThreadPoolSpeechWorkers : ISpeechWorkers
{
    public static readonly ThreadPoolSpeechWorkers Instance = new();

    public bool TrySchedule(ISpeechWorkItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return ThreadPool.UnsafeQueueUserWorkItem(static work => RunSafely(work), item, preferLocal: false);
    }

    private static void RunSafely(ISpeechWorkItem item)
    {
        try
        {
            item.Run();
        }
#pragma warning disable CA1031 // An exception on a thread-pool thread would end the process; the item has already reported it to its turn.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
