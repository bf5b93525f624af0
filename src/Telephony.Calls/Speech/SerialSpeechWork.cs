using System.Runtime.ExceptionServices;
using System.Threading.Tasks.Sources;

namespace Telephony.Calls.Speech;

/// <summary>
/// One turn's work on the shared speech workers, one item at a time: <see cref="TrySchedule"/>
/// queues a drain of whatever audio the turn has waiting and returns a wait for it; the turn asks
/// again only after that wait completes. So a turn's frames are processed in order and never by
/// two workers at once, while many turns share a few threads.
/// </summary>
/// <remarks>
/// Allocation-free per item: the work item is this object and the wait is a reusable value-task
/// source, so scheduling 50 drains a second per listening call costs nothing on the heap.
/// </remarks>
internal sealed class SerialSpeechWork : ISpeechWorkItem, IValueTaskSource<bool>
{
    private readonly ISpeechWorkers _workers;
    private readonly Func<bool> _drain;
    private ManualResetValueTaskSourceCore<bool> _done = new() { RunContinuationsAsynchronously = true };
    private int _scheduled;

    /// <param name="workers">Where the drains run.</param>
    /// <param name="drain">Processes what is waiting, on a worker; true when the turn is finished and needs no more drains.</param>
    public SerialSpeechWork(ISpeechWorkers workers, Func<bool> drain)
    {
        _workers = workers;
        _drain = drain;
    }

    /// <summary>Drains refused because the workers were saturated.</summary>
    public int Refused { get; private set; }

    /// <summary>
    /// Queues one drain; <paramref name="done"/> completes with its answer (or its exception).
    /// False when the workers refused it (nothing runs; the turn falls back).
    /// </summary>
    /// <exception cref="InvalidOperationException">A drain is still scheduled: the caller must await the last one first.</exception>
    public bool TrySchedule(out ValueTask<bool> done)
    {
        if (Interlocked.CompareExchange(ref _scheduled, 1, 0) != 0)
        {
            throw new InvalidOperationException("a drain is already scheduled for this turn: await it before scheduling another");
        }

        _done.Reset();
        if (!_workers.TrySchedule(this))
        {
            Volatile.Write(ref _scheduled, 0);
            Refused++;
            done = default;
            return false;
        }

        done = new ValueTask<bool>(this, _done.Version);
        return true;
    }

    public void Run()
    {
        bool finished;
        try
        {
            finished = _drain();
        }
#pragma warning disable CA1031 // Handed to the turn's wait, then rethrown so the worker counts it as failed.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Volatile.Write(ref _scheduled, 0);
            _done.SetException(e);
            ExceptionDispatchInfo.Throw(e);
            return;
        }

        Volatile.Write(ref _scheduled, 0);
        _done.SetResult(finished);
    }

    bool IValueTaskSource<bool>.GetResult(short token) => _done.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _done.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _done.OnCompleted(continuation, state, token, flags);
}
