namespace Telephony.Sip.Transactions;

/// <summary>
/// All SIP timers of the process on one <see cref="ITimer"/>: a priority queue of deadlines with
/// the single timer armed for the earliest one.
/// </summary>
/// <remarks>
/// A timer per transaction costs a kernel-visible timer and a callback allocation each; at
/// thousands of calls per second that overhead dominates (the SIPSorcery failure mode in
/// FIELD-NOTES). Time comes from the injected <see cref="TimeProvider"/> so tests drive it with a
/// fake clock. Thread-safe. Callbacks run on the timer's thread, outside the lock, and must be short.
/// <para>
/// The timer is armed for the earliest deadline exactly; when it fires, entries due a little later
/// run with it (up to 1/64 of their delay, at most 10 ms early: a retransmission 8 ms early or a
/// 32 s Timer J 10 ms early changes nothing on the wire). At a thousand calls a second the
/// deadlines are a fraction of a millisecond apart, and firing for each one woke the timer thread
/// and the thread pool a thousand times a second more.
/// </para>
/// </remarks>
public sealed class TimerQueue : IDisposable
{
    private readonly TimeProvider _time;
    private readonly PriorityQueue<TimerHandle, long> _queue = new();
    private readonly Lock _lock = new();
    private readonly ITimer _timer;
    private long _armedFor = long.MaxValue;
    private int _live;
    private bool _disposed;

    public TimerQueue(TimeProvider time)
    {
        _time = time;
        _timer = time.CreateTimer(static s => ((TimerQueue)s!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public TimeProvider Time => _time;

    /// <summary>Number of scheduled callbacks not yet fired or cancelled (cancelled entries leave the heap lazily, when due).</summary>
    public int Count => Volatile.Read(ref _live);

    internal void Retire() => Interlocked.Decrement(ref _live);

    /// <summary>Runs <paramref name="callback"/> once after <paramref name="delay"/> unless cancelled.</summary>
    public TimerHandle Schedule(TimeSpan delay, Action<object?> callback, object? state)
    {
        var delayTicks = (long)(delay.TotalSeconds * _time.TimestampFrequency);
        var due = _time.GetTimestamp() + delayTicks;
        var slack = Math.Min(Math.Max(0, delayTicks / 64), _time.TimestampFrequency / 100);
        var handle = new TimerHandle(this, callback, state, due - slack);
        lock (_lock)
        {
            if (_disposed)
            {
                return handle;
            }

            Interlocked.Increment(ref _live);
            _queue.Enqueue(handle, due);
            if (due < _armedFor)
            {
                Arm(due);
            }
        }

        return handle;
    }

    private void Arm(long due)
    {
        _armedFor = due;
        var ticks = Math.Max(0, due - _time.GetTimestamp());
        var delay = TimeSpan.FromSeconds((double)ticks / _time.TimestampFrequency);
        _timer.Change(delay < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : delay, Timeout.InfiniteTimeSpan);
    }

    private void Fire()
    {
        while (true)
        {
            TimerHandle? next;
            lock (_lock)
            {
                _armedFor = long.MaxValue;
                if (_disposed || !_queue.TryPeek(out next, out var due))
                {
                    return;
                }

                if (next.RunnableFrom > _time.GetTimestamp())
                {
                    Arm(due);
                    return;
                }

                _queue.Dequeue();
            }

            next.Run();
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _queue.Clear();
        }

        _timer.Dispose();
    }
}

/// <summary>A scheduled callback; <see cref="Cancel"/> makes it a no-op.</summary>
public sealed class TimerHandle
{
    private readonly TimerQueue _owner;
    private readonly object? _state;
    private Action<object?>? _callback;

    internal TimerHandle(TimerQueue owner, Action<object?> callback, object? state, long runnableFrom)
    {
        _owner = owner;
        _callback = callback;
        _state = state;
        RunnableFrom = runnableFrom;
    }

    /// <summary>The timestamp from which the callback may run along with an earlier one (its deadline less its slack).</summary>
    internal long RunnableFrom { get; }

    public bool IsCancelled => Volatile.Read(ref _callback) is null;

    public void Cancel()
    {
        if (Interlocked.Exchange(ref _callback, null) is not null)
        {
            _owner.Retire();
        }
    }

    internal void Run()
    {
        if (Interlocked.Exchange(ref _callback, null) is { } callback)
        {
            _owner.Retire();
            callback(_state);
        }
    }
}
