using System.Net;

namespace Telephony.Sip.Security;

/// <summary>
/// Decides which events of a per-source log line are written, with bounds an attacker cannot push
/// past: each source gets a burst of lines at once, then one per refill interval; all sources
/// together get a fixed number a second. Events not written are counted and carried in the
/// source's next line, so nothing goes unreported for long and the log stays bounded. At most a
/// fixed number of sources are tracked; when the table is full, idle ones are forgotten first and
/// new ones share the global budget alone.
/// </summary>
/// <remarks>No timer: buckets refill lazily from the clock when an event arrives. Thread-safe.</remarks>
public sealed class SourceLogThrottle
{
    private readonly TimeProvider _time;
    private readonly int _burstPerSource;
    private readonly TimeSpan _refillPerSource;
    private readonly int _globalPerSecond;
    private readonly int _maxSources;
    private readonly Dictionary<IPAddress, Bucket> _sources = [];
    private readonly Lock _lock = new();
    private Bucket? _global;
    private long _unlogged;

    public SourceLogThrottle(TimeProvider time, int burstPerSource, TimeSpan refillPerSource, int globalPerSecond, int maxSources)
    {
        _time = time;
        _burstPerSource = burstPerSource;
        _refillPerSource = refillPerSource;
        _globalPerSecond = globalPerSecond;
        _maxSources = maxSources;
    }

    /// <summary>Events not (yet) written as a line because a bound was reached.</summary>
    public long Unlogged => Interlocked.Read(ref _unlogged);

    public int TrackedSources
    {
        get
        {
            lock (_lock)
            {
                return _sources.Count;
            }
        }
    }

    /// <summary>Counts one event from <paramref name="source"/>.</summary>
    /// <returns>0 when no line may be written now; else how many events the line reports (this one and those held back before).</returns>
    public int Take(IPAddress source)
    {
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            _global ??= new Bucket(_globalPerSecond, now);
            var bucket = BucketFor(source, now);
            var perSource = bucket is null || bucket.Take(now, _burstPerSource, 1 / _refillPerSource.TotalSeconds, _time.TimestampFrequency);
            if (!perSource || !_global.Take(now, _globalPerSecond, _globalPerSecond, _time.TimestampFrequency))
            {
                if (bucket is not null)
                {
                    bucket.Pending++;
                }

                Interlocked.Increment(ref _unlogged);
                return 0;
            }

            var events = 1 + (bucket?.Pending ?? 0);
            if (bucket is not null)
            {
                Interlocked.Add(ref _unlogged, -bucket.Pending);
                bucket.Pending = 0;
            }

            return events;
        }
    }

    /// <summary>The source's bucket; null when the table is full of sources still active.</summary>
    private Bucket? BucketFor(IPAddress source, long now)
    {
        if (_sources.TryGetValue(source, out var bucket))
        {
            return bucket;
        }

        if (_sources.Count >= _maxSources)
        {
            // A full bucket with nothing pending says nothing the next event will not: forget it.
            var full = (long)(_refillPerSource.TotalSeconds * _burstPerSource * _time.TimestampFrequency);
            foreach (var (address, _) in _sources.Where(s => s.Value.Pending == 0 && now - s.Value.LastRefill >= full).ToList())
            {
                _sources.Remove(address);
            }

            if (_sources.Count >= _maxSources)
            {
                return null;
            }
        }

        bucket = new Bucket(_burstPerSource, now);
        _sources[source] = bucket;
        return bucket;
    }

    private sealed class Bucket(double tokens, long lastRefill)
    {
        public double Tokens { get; private set; } = tokens;

        public long LastRefill { get; private set; } = lastRefill;

        public int Pending { get; set; }

        public bool Take(long now, double capacity, double perSecond, long frequency)
        {
            Tokens = Math.Min(capacity, Tokens + ((double)(now - LastRefill) / frequency * perSecond));
            LastRefill = now;
            if (Tokens < 1)
            {
                return false;
            }

            Tokens -= 1;
            return true;
        }
    }
}
