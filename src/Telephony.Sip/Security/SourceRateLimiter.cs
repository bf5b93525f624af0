using System.Collections.Concurrent;
using System.Net;

namespace Telephony.Sip.Security;

/// <summary>A token bucket per source address, with a temporary ban for sources that overrun it.</summary>
/// <remarks>
/// Buckets refill lazily from the injected clock when a request arrives, so there is no timer
/// per source; <see cref="Sweep"/> forgets idle sources and is called from one shared timer.
/// Each ban is logged once in a fixed format fail2ban can match (docs/security.md). Thread-safe.
/// </remarks>
public sealed class SourceRateLimiter
{
    private readonly SecurityOptions _options;
    private readonly TimeProvider _time;
    private readonly Action<string>? _log;
    private readonly ConcurrentDictionary<IPAddress, Bucket> _buckets = new();
    private long _banned;

    public SourceRateLimiter(SecurityOptions options, TimeProvider time, Action<string>? log)
    {
        _options = options;
        _time = time;
        _log = log;
    }

    /// <summary>Bans issued since start.</summary>
    public long Bans => Interlocked.Read(ref _banned);

    public int TrackedSources => _buckets.Count;

    /// <summary>Counts one request from <paramref name="source"/>; false when it must be dropped.</summary>
    public bool Allow(IPAddress source)
    {
        if (IsTrusted(source))
        {
            return true;
        }

        var now = _time.GetTimestamp();
        if (_options.RequestsPerSecond <= 0)
        {
            // No rate limit, but a ban for strikes (Strike) still holds.
            return !_buckets.TryGetValue(source, out var banned) || banned.BannedUntil <= now;
        }

        var bucket = _buckets.GetOrAdd(source, static (_, s) => new Bucket(s._options.Burst + s._options.RequestsPerSecond, s._time.GetTimestamp()), this);
        lock (bucket)
        {
            if (bucket.BannedUntil > now)
            {
                return false;
            }

            var elapsed = (double)(now - bucket.LastRefill) / _time.TimestampFrequency;
            bucket.Tokens = Math.Min(_options.Burst + _options.RequestsPerSecond, bucket.Tokens + (elapsed * _options.RequestsPerSecond));
            bucket.LastRefill = now;
            if (bucket.Tokens >= 1)
            {
                bucket.Tokens -= 1;
                return true;
            }

            bucket.BannedUntil = now + (long)(_options.BanDuration.TotalSeconds * _time.TimestampFrequency);
            bucket.Tokens = _options.Burst + _options.RequestsPerSecond;
        }

        Interlocked.Increment(ref _banned);
        _log?.Invoke($"SECURITY ban ip={source} reason=rate-limit limit={_options.RequestsPerSecond}/s burst={_options.Burst} ban_seconds={(int)_options.BanDuration.TotalSeconds}");
        return false;
    }

    /// <summary>
    /// One strike against <paramref name="source"/>; at <paramref name="threshold"/> strikes within
    /// a minute it is banned for the ban duration, logged once. True when this strike banned it.
    /// </summary>
    public bool Strike(IPAddress source, string reason, int threshold)
    {
        if (threshold <= 0 || IsTrusted(source))
        {
            return false;
        }

        var now = _time.GetTimestamp();
        var window = 60 * _time.TimestampFrequency;
        var bucket = _buckets.GetOrAdd(source, static (_, s) => new Bucket(s._options.Burst + s._options.RequestsPerSecond, s._time.GetTimestamp()), this);
        lock (bucket)
        {
            if (bucket.Strikes == 0 || now - bucket.FirstStrike > window)
            {
                bucket.Strikes = 0;
                bucket.FirstStrike = now;
            }

            if (++bucket.Strikes < threshold || bucket.BannedUntil > now)
            {
                return false;
            }

            bucket.Strikes = 0;
            bucket.BannedUntil = now + (long)(_options.BanDuration.TotalSeconds * _time.TimestampFrequency);
        }

        Interlocked.Increment(ref _banned);
        _log?.Invoke($"SECURITY ban ip={source} reason={reason} strikes={threshold} ban_seconds={(int)_options.BanDuration.TotalSeconds}");
        return true;
    }

    /// <summary>Forgets sources that are neither banned nor seen for a minute.</summary>
    public void Sweep()
    {
        var now = _time.GetTimestamp();
        var idle = 60 * _time.TimestampFrequency;
        foreach (var (address, bucket) in _buckets)
        {
            // A source counting strikes is not idle: its last strike is as recent as its last request.
            if (bucket.BannedUntil < now && now - Math.Max(bucket.LastRefill, bucket.FirstStrike) > idle)
            {
                _buckets.TryRemove(new KeyValuePair<IPAddress, Bucket>(address, bucket));
            }
        }
    }

    public bool IsTrusted(IPAddress source) => _options.IsTrusted(source);

    private sealed class Bucket(double tokens, long lastRefill)
    {
        public double Tokens { get; set; } = tokens;

        public long LastRefill { get; set; } = lastRefill;

        public long BannedUntil { get; set; }

        public int Strikes { get; set; }

        public long FirstStrike { get; set; }
    }
}
