using System.Threading.Channels;

namespace Telephony.Calls.Events;

/// <summary>
/// The server's one call event stream: calls publish into it, watchers (SSE clients, metrics,
/// later queues) read from it. Ids increase from 1; the last <see cref="Capacity"/> events stay in
/// a ring so a watcher that reconnects with the last id it saw misses nothing.
/// </summary>
/// <remarks>
/// Thread-safe. <see cref="Publish"/> is called from SIP and media threads and never waits for a
/// watcher: under one short lock it numbers the event, stores it in the ring and offers it to each
/// watcher's bounded channel with a non-blocking write. A watcher whose channel is full has fallen
/// behind; its channel is completed (its enumeration ends) instead of slowing calls down, and it
/// resumes from the ring with its last id. Numbering and offering under the same lock keeps every
/// watcher's order equal to id order even with many concurrent publishers.
/// </remarks>
public sealed partial class CallEventHub : ICallEventSink, ICallEventStream
{
    /// <summary>Events kept for resumption by default.</summary>
    public const int DefaultCapacity = 10_000;

    /// <summary>Events a live watcher may have unread before it is ended, by default.</summary>
    public const int DefaultWatcherBacklog = 4_096;

    private readonly Lock _lock = new();
    private readonly CallEvent?[] _ring;
    private readonly int _watcherBacklog;
    private readonly TimeProvider _time;
    private Watcher[] _watchers = [];
    private long _lastId;
    private long _overruns;

    public CallEventHub(int capacity = DefaultCapacity, int watcherBacklog = DefaultWatcherBacklog, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(watcherBacklog, 1);
        _ring = new CallEvent?[capacity];
        _watcherBacklog = watcherBacklog;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>How many events the ring keeps for resumption.</summary>
    public int Capacity => _ring.Length;

    /// <summary>The id of the newest event (0 before any).</summary>
    public long LastId
    {
        get
        {
            lock (_lock)
            {
                return _lastId;
            }
        }
    }

    /// <summary>Watchers connected now.</summary>
    public int WatcherCount => Volatile.Read(ref _watchers).Length;

    /// <summary>Watchers ended because they fell behind, since start.</summary>
    public long Overruns => Interlocked.Read(ref _overruns);

    /// <remarks>The hub keeps <paramref name="data"/> as it is (watchers read it later): do not change it after publishing.</remarks>
    public void Publish(string type, string callId, IReadOnlyDictionary<string, string?> data)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(callId);
        ArgumentNullException.ThrowIfNull(data);
        lock (_lock)
        {
            // Time taken under the lock too, so that event times never go backwards as ids go up.
            var e = new CallEvent(++_lastId, type, callId, _time.GetUtcNow(), data);
            _ring[(int)(e.Id % _ring.Length)] = e;
            foreach (var watcher in _watchers)
            {
                if (!watcher.Channel.Writer.TryWrite(e) && watcher.Channel.Writer.TryComplete())
                {
                    // Full: the watcher fell behind. End it (it reconnects with its last id) rather than wait.
                    _overruns++;
                }
            }
        }
    }

    /// <summary>The buffered events after <paramref name="afterId"/>, oldest first (every buffered event when null).</summary>
    /// <remarks>
    /// An id newer than the newest event (a client of a previous server run, whose ids started
    /// again at 1) gets every buffered event: replaying a little too much beats silently skipping.
    /// </remarks>
    public IReadOnlyList<CallEvent> Buffered(long? afterId)
    {
        lock (_lock)
        {
            return BufferedLocked(afterId);
        }
    }

    /// <remarks>The watcher is registered when the enumeration starts and removed when it ends, however it ends.</remarks>
    public IAsyncEnumerable<CallEvent> WatchAsync(long? afterId, CancellationToken cancel) => ReadAsync(afterId, cancel);

    private (Watcher Watcher, List<CallEvent> Replay) Register(long? afterId)
    {
        var watcher = new Watcher(Channel.CreateBounded<CallEvent>(new BoundedChannelOptions(_watcherBacklog)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        }));
        lock (_lock)
        {
            // Replay and registration under one lock: nothing published in between is lost or doubled.
            _watchers = [.. _watchers, watcher];
            return (watcher, BufferedLocked(afterId));
        }
    }

    private List<CallEvent> BufferedLocked(long? afterId)
    {
        var oldest = Math.Max(1, _lastId - _ring.Length + 1);
        var from = afterId is not { } after || after > _lastId ? oldest : Math.Max(oldest, after + 1);
        var events = new List<CallEvent>((int)Math.Max(0, _lastId - from + 1));
        for (var id = from; id <= _lastId; id++)
        {
            events.Add(_ring[(int)(id % _ring.Length)]!);
        }

        return events;
    }

    private void Remove(Watcher watcher)
    {
        lock (_lock)
        {
            _watchers = [.. _watchers.Where(w => w != watcher)];
        }

        watcher.Channel.Writer.TryComplete();
    }
}
