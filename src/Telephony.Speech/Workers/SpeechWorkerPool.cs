namespace Telephony.Speech.Workers;

/// <summary>
/// Runs speech work (recognitions, VAD over a call's audio) off the media clock thread: a fixed
/// set of threads, one per core by default, taking items from one bounded queue. When the queue
/// is full, or its oldest item has waited longer than <see cref="SpeechWorkerPoolOptions.MaxQueueWait"/>
/// (the pool is that far behind), new work is refused at once (<see cref="TryEnqueue"/> returns false and
/// <see cref="SpeechWorkerPoolStats.Rejected"/> counts it), so overload shows up as a number and
/// a caller that can fall back (keys instead of speech, a "please repeat"), never as a queue that
/// grows until every answer is late. Refusing the newest rather than dropping the oldest keeps
/// the rule simple: whoever is refused is told so at the moment it asks.
/// </summary>
/// <remarks>
/// Threads, not thread-pool tasks: recognition blocks in native code for whole milliseconds, which
/// would starve the pool that serves sockets and the HTTP API. No thread per call: the pool's
/// size is fixed at start. Enqueueing takes a lock for a few instructions and, with a struct
/// <typeparamref name="TWork"/>, allocates nothing.
/// </remarks>
public sealed class SpeechWorkerPool<TWork> : IDisposable
{
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(10);

    private readonly Action<TWork> _process;
    private readonly Action<string>? _log;
    private readonly TimeProvider _time;
    private readonly string _name;
    private readonly object _gate = new();
    private readonly (TWork Work, long EnqueuedAt)[] _queue;
    private readonly Thread[] _threads;
    private readonly long[] _waitBuckets = new long[SpeechWorkerPoolStats.QueueWaitBucketBounds.Count + 1];
    private readonly long[] _bucketBoundTicks;
    private readonly TimeSpan _maxQueueWait;

    private int _head;
    private int _count;
    private bool _stopping;
    private int _running;
    private long _accepted;
    private long _completed;
    private long _failed;
    private long _rejected;
    private long _waitTotalTicks;
    private long _waitMaxTicks;

    /// <param name="process">Does one item; runs on a pool thread. An exception is counted in <see cref="SpeechWorkerPoolStats.Failed"/> and logged, and the thread goes on.</param>
    /// <param name="options">Sizes; default one worker per core, 256 queued items per worker, refusing while 2 s behind.</param>
    /// <param name="log">Where failures are reported (lines start with "speech: error:").</param>
    /// <param name="time">The clock for queue wait (tests pass a fake one).</param>
    public SpeechWorkerPool(Action<TWork> process, SpeechWorkerPoolOptions? options = null, Action<string>? log = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(process);
        options ??= new SpeechWorkerPoolOptions();
        options.Validate();
        _process = process;
        _log = log;
        _time = time ?? TimeProvider.System;
        _name = options.Name;
        _queue = new (TWork, long)[options.QueueCapacityOrDefault];
        _maxQueueWait = options.MaxQueueWaitOrDefault;
        _bucketBoundTicks = SpeechWorkerPoolStats.QueueWaitBucketBounds.Select(b => b.Ticks).ToArray();
        _threads = new Thread[options.WorkersOrDefault];
        for (var i = 0; i < _threads.Length; i++)
        {
            _threads[i] = new Thread(Work) { IsBackground = true, Name = $"{_name}-{i}" };
            _threads[i].Start();
        }
    }

    public int Workers => _threads.Length;

    public int QueueCapacity => _queue.Length;

    /// <summary>Queues <paramref name="work"/>; false (counted as rejected) when the queue is full, too far behind, or the pool is stopping.</summary>
    public bool TryEnqueue(TWork work)
    {
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            if (_stopping || _count == _queue.Length || (_count > 0 && _time.GetElapsedTime(_queue[_head].EnqueuedAt, now) > _maxQueueWait))
            {
                _rejected++;
                return false;
            }

            _queue[(_head + _count) % _queue.Length] = (work, now);
            _count++;
            _accepted++;
            Monitor.Pulse(_gate);
            return true;
        }
    }

    /// <summary>The counters now.</summary>
    public SpeechWorkerPoolStats Stats
    {
        get
        {
            lock (_gate)
            {
                return new SpeechWorkerPoolStats(
                    _threads.Length, _queue.Length, _count, _running, _accepted, _completed, _failed, _rejected,
                    TimeSpan.FromTicks(_waitTotalTicks), TimeSpan.FromTicks(_waitMaxTicks), _waitBuckets.ToArray());
            }
        }
    }

    /// <summary>Stops taking work, lets the threads finish what is queued, and waits for them (up to 10 s: a stuck item is left to its background thread).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_stopping)
            {
                return;
            }

            _stopping = true;
            Monitor.PulseAll(_gate);
        }

        foreach (var thread in _threads)
        {
            if (thread != Thread.CurrentThread)
            {
                thread.Join(StopWait);
            }
        }
    }

    private void Work()
    {
        while (true)
        {
            TWork work;
            lock (_gate)
            {
                while (_count == 0 && !_stopping)
                {
                    Monitor.Wait(_gate);
                }

                if (_count == 0)
                {
                    return;
                }

                (work, var enqueuedAt) = _queue[_head];
                _queue[_head] = default;
                _head = (_head + 1) % _queue.Length;
                _count--;
                _running++;
                RecordWait(_time.GetElapsedTime(enqueuedAt).Ticks);
            }

            var failed = false;
            try
            {
                _process(work);
            }
#pragma warning disable CA1031 // One bad item must not kill a worker every call depends on; it is counted and logged.
            catch (Exception e)
#pragma warning restore CA1031
            {
                failed = true;
                ReportFailure(e);
            }

            lock (_gate)
            {
                _running--;
                if (failed)
                {
                    _failed++;
                }
                else
                {
                    _completed++;
                }
            }
        }
    }

    private void RecordWait(long ticks)
    {
        _waitTotalTicks += ticks;
        _waitMaxTicks = Math.Max(_waitMaxTicks, ticks);
        var bucket = 0;
        while (bucket < _bucketBoundTicks.Length && ticks > _bucketBoundTicks[bucket])
        {
            bucket++;
        }

        _waitBuckets[bucket]++;
    }

    private void ReportFailure(Exception e)
    {
        long failed;
        lock (_gate)
        {
            failed = _failed + 1;
        }

        // The first few in full, then one line per thousand, so a handler failing on every frame cannot flood the log.
        if (failed <= 10 || failed % 1000 == 0)
        {
            _log?.Invoke($"speech: error: {_name} work item failed ({failed} so far): {e.GetType().Name}: {e.Message}");
        }
    }
}
