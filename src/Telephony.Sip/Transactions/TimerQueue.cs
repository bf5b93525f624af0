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
        var due = _time.GetTimestamp() + (long)(delay.TotalSeconds * _time.TimestampFrequency);
        var handle = new TimerHandle(this, callback, state);
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

                if (due > _time.GetTimestamp())
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

    internal TimerHandle(TimerQueue owner, Action<object?> callback, object? state)
    {
        _owner = owner;
        _callback = callback;
        _state = state;
    }

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
