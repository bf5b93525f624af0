using System.Diagnostics;

namespace Telephony.Media.Clock;

/// <summary>The one clock that paces every call's outgoing media (pjmedia's clock thread, in C#).</summary>
/// <remarks>
/// A dedicated thread wakes at absolute deadlines start + n·period: it sleeps until about 1.5 ms
/// before the deadline, then spins, because a <c>PeriodicTimer</c> was measured here with a
/// 24.8 ms p99 for a 20 ms period while sleep-then-spin held 0.01 ms. Deadlines never drift;
/// after a stall of more than a few periods the clock skips ahead rather than bursting.
/// Listeners are held in a copy-on-write array so a tick takes no lock and allocates nothing.
/// Add/Remove are thread-safe.
/// </remarks>
public sealed class MediaClock : IDisposable
{
    private const int BucketsPerMs = 10;
    private const int Buckets = 50 * BucketsPerMs;

    private long _periodTicks;
    private readonly Thread _thread;
    private readonly Lock _listenersLock = new();
    private readonly long[] _histogram = new long[Buckets + 1];
    private IMediaClockListener[] _listeners = [];
    private volatile bool _stopping;
    private long _ticks;
    private long _late;
    private long _skipped;
    private long _maxLateness;
    private long _errors;

    public MediaClock(TimeSpan? period = null)
    {
        Period = period ?? TimeSpan.FromMilliseconds(20);
        _periodTicks = (long)(Period.TotalSeconds * Stopwatch.Frequency);
        _requestedPeriod = Period;
        _thread = new Thread(Run) { IsBackground = true, Name = "media-clock", Priority = ThreadPriority.AboveNormal };
        _thread.Start();

        // Period and IsRealtime are settled by the clock thread itself: wait for it.
        _ready.Wait();
    }

    /// <summary>
    /// The tick period. A period under 20 ms is kept only when the clock thread gets real-time
    /// scheduling (precise, cheap wake-ups); otherwise the clock falls back to 20 ms, because
    /// sleeping then spinning to each deadline would burn a large share of a core.
    /// </summary>
    public TimeSpan Period { get; private set; }

    private readonly TimeSpan _requestedPeriod;
    private readonly ManualResetEventSlim _ready = new();

    public int ListenerCount => Volatile.Read(ref _listeners).Length;

    public void Add(IMediaClockListener listener)
    {
        lock (_listenersLock)
        {
            _listeners = [.. _listeners, listener];
        }
    }

    public void Remove(IMediaClockListener listener)
    {
        lock (_listenersLock)
        {
            var index = Array.IndexOf(_listeners, listener);
            if (index < 0)
            {
                return;
            }

            var copy = new IMediaClockListener[_listeners.Length - 1];
            Array.Copy(_listeners, 0, copy, 0, index);
            Array.Copy(_listeners, index + 1, copy, index, copy.Length - index);
            _listeners = copy;
        }
    }

    public MediaClockStats Stats()
    {
        var total = Interlocked.Read(ref _ticks);
        var target = total * 0.99;
        long seen = 0;
        var p99 = 0.0;
        for (var i = 0; i <= Buckets; i++)
        {
            seen += Interlocked.Read(ref _histogram[i]);
            if (seen >= target && total > 0)
            {
                p99 = (double)i / BucketsPerMs;
                break;
            }
        }

        return new MediaClockStats(total, Interlocked.Read(ref _late), Interlocked.Read(ref _skipped),
            Interlocked.Read(ref _maxLateness) * 1000.0 / Stopwatch.Frequency, p99, Interlocked.Read(ref _errors),
            total == 0 ? 0 : Interlocked.Read(ref _workTotal) * 1000.0 / Stopwatch.Frequency / total,
            Interlocked.Read(ref _workMax) * 1000.0 / Stopwatch.Frequency)
        {
            Lateness = LatenessHistogram(),
        };
    }

    /// <summary>
    /// The fine 0.1 ms histogram the tick path already keeps, summed into <see cref="ClockLateness.UpperBoundsSeconds"/>
    /// when read: a Prometheus histogram costs the tick nothing beyond the one increment it always did (and one add for the sum).
    /// </summary>
    private ClockLateness LatenessHistogram()
    {
        var bounds = ClockLateness.UpperBoundsSeconds;
        var counts = new long[bounds.Count + 1];
        for (var i = 0; i <= Buckets; i++)
        {
            var count = Interlocked.Read(ref _histogram[i]);
            if (count == 0)
            {
                continue;
            }

            // Fine bucket i holds lateness in [i, i + 1) tenths of a ms (the last one everything beyond); it lands in the first bound it lies within.
            var upper = i == Buckets ? double.PositiveInfinity : (i + 1) / (BucketsPerMs * 1000.0);
            var slot = 0;
            while (slot < bounds.Count && upper > bounds[slot] + 1e-12)
            {
                slot++;
            }

            counts[slot] += count;
        }

        return new ClockLateness(counts, Interlocked.Read(ref _latenessSum) / (double)Stopwatch.Frequency);
    }

    private long _latenessSum;

    /// <summary>Whether the clock thread got real-time scheduling (SCHED_FIFO); see <see cref="RealtimeThread"/>.</summary>
    public bool IsRealtime { get; private set; }

    // Runs for the process's life in one loop: compiled fully optimised at once, since tiered
    // compilation left it at tier 0 (a loop that never returns is never re-entered to tier up).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void Run()
    {
        IsRealtime = RealtimeThread.TryEnable(priority: 10);
        var precise = IsRealtime && RealtimeThread.CanSleepPrecisely;
        if (!precise && _requestedPeriod < TimeSpan.FromMilliseconds(20))
        {
            Period = TimeSpan.FromMilliseconds(20);
            _periodTicks = (long)(Period.TotalSeconds * Stopwatch.Frequency);
        }

        _ready.Set();
        var next = Stopwatch.GetTimestamp() + _periodTicks;

        // Thread.Sleep wakes up to ~1 ms late, so it stops 1.5 ms early and spins the rest. A
        // real-time thread sleeping on an absolute deadline wakes within tens of µs, so it sleeps to
        // the deadline itself: spinning the last 0.1 ms of every 5 ms tick cost 2% of a core for
        // tens of µs of precision that 20 ms packets do not need.
        var sleepMargin = precise ? 0 : Stopwatch.Frequency * 3 / 2000;
        long tick = 0;
        while (!_stopping)
        {
            var now = Stopwatch.GetTimestamp();
            var remaining = next - now;
            if (remaining > 0 && Volatile.Read(ref _listeners).Length == 0)
            {
                // Nobody to pace: sleep through the whole period instead of spinning for precision.
                Thread.Sleep(Math.Max(1, (int)(remaining * 1000 / Stopwatch.Frequency)));
                continue;
            }

            if (remaining > sleepMargin)
            {
                if (precise)
                {
                    RealtimeThread.SleepUntil(next - sleepMargin);
                }
                else
                {
                    Thread.Sleep((int)((remaining - sleepMargin) * 1000 / Stopwatch.Frequency));
                }

                continue;
            }

            if (remaining > 0)
            {
                Thread.SpinWait(20);
                continue;
            }

            Record(-remaining);
            if (-remaining > 5 * _periodTicks)
            {
                var behind = -remaining / _periodTicks;
                Interlocked.Add(ref _skipped, behind);
                next += behind * _periodTicks;
            }

            tick++;
            var workStart = Stopwatch.GetTimestamp();
            foreach (var listener in Volatile.Read(ref _listeners))
            {
                try
                {
                    listener.OnTick(tick);
                }
                catch (Exception)
                {
                    // One broken call must not stop every other call's audio.
                    Interlocked.Increment(ref _errors);
                }
            }

            var work = Stopwatch.GetTimestamp() - workStart;
            Interlocked.Add(ref _workTotal, work);
            if (work > Interlocked.Read(ref _workMax))
            {
                Interlocked.Exchange(ref _workMax, work);
            }

            next += _periodTicks;
        }
    }

    private long _workTotal;
    private long _workMax;

    private void Record(long lateness)
    {
        Interlocked.Increment(ref _ticks);
        Interlocked.Add(ref _latenessSum, lateness);
        var bucket = (int)Math.Min(Buckets, lateness * 1000 * BucketsPerMs / Stopwatch.Frequency);
        Interlocked.Increment(ref _histogram[bucket]);
        if (bucket >= BucketsPerMs)
        {
            Interlocked.Increment(ref _late);
        }

        if (lateness > Interlocked.Read(ref _maxLateness))
        {
            Interlocked.Exchange(ref _maxLateness, lateness);
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _ready.Dispose();
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join(TimeSpan.FromSeconds(2));
        }
    }
}
