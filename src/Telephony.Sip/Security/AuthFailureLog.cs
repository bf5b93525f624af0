using System.Globalization;
using System.Net;
using System.Text;

namespace Telephony.Sip.Security;

/// <summary>
/// One <c>SECURITY auth-failed</c> line per failed digest login, so fail2ban can ban password
/// guessers, with bounds an attacker cannot push past: each source gets
/// <see cref="BurstPerSource"/> lines at once, then one per <see cref="RefillPerSource"/>; all
/// sources together get <see cref="GlobalPerSecond"/> a second. Failures not logged are counted
/// and carried in the source's next line (<c>failures=N</c>), so no attempt goes unreported for
/// long and the log stays bounded. At most <see cref="MaxSources"/> sources are tracked; when the
/// table is full, idle ones are forgotten first and new ones share the global budget alone.
/// </summary>
/// <remarks>No timer: buckets refill lazily from the clock when a failure arrives. Thread-safe.</remarks>
public sealed class AuthFailureLog
{
    public const int BurstPerSource = 5;
    public const int MaxSources = 4096;
    public const int GlobalPerSecond = 20;
    public static readonly TimeSpan RefillPerSource = TimeSpan.FromSeconds(12);

    private readonly TimeProvider _time;
    private readonly Action<string>? _log;
    private readonly Dictionary<IPAddress, Bucket> _sources = [];
    private readonly Lock _lock = new();
    private Bucket? _global;
    private long _failures;
    private long _unlogged;

    public AuthFailureLog(TimeProvider time, Action<string>? log)
    {
        _time = time;
        _log = log;
    }

    /// <summary>Failed logins since start.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Failures not (yet) written as a line because a bound was reached.</summary>
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

    /// <param name="source">Where the request came from (the address fail2ban bans).</param>
    /// <param name="user">The user name the request claimed (attacker-controlled: sanitised).</param>
    /// <param name="reason"><c>wrong-password</c> or <c>unknown-user</c>.</param>
    /// <param name="method">The SIP method that carried the credentials.</param>
    public void Failed(IPAddress source, string? user, string reason, string method)
    {
        Interlocked.Increment(ref _failures);
        var now = _time.GetTimestamp();
        int failures;
        lock (_lock)
        {
            _global ??= new Bucket(GlobalPerSecond, now);
            var bucket = BucketFor(source, now);
            var perSource = bucket is null || bucket.Take(now, BurstPerSource, 1 / RefillPerSource.TotalSeconds, _time.TimestampFrequency);
            if (!perSource || !_global.Take(now, GlobalPerSecond, GlobalPerSecond, _time.TimestampFrequency))
            {
                if (bucket is not null)
                {
                    bucket.Pending++;
                }

                Interlocked.Increment(ref _unlogged);
                return;
            }

            failures = 1 + (bucket?.Pending ?? 0);
            if (bucket is not null)
            {
                Interlocked.Add(ref _unlogged, -bucket.Pending);
                bucket.Pending = 0;
            }
        }

        _log?.Invoke(string.Create(CultureInfo.InvariantCulture,
            $"SECURITY auth-failed ip={source} user=\"{Sanitize(user)}\" reason={reason} method={method} failures={failures}"));
    }

    /// <summary>The source's bucket; null when the table is full of sources still active.</summary>
    private Bucket? BucketFor(IPAddress source, long now)
    {
        if (_sources.TryGetValue(source, out var bucket))
        {
            return bucket;
        }

        if (_sources.Count >= MaxSources)
        {
            // A full bucket with nothing pending says nothing the next failure will not: forget it.
            var full = (long)(RefillPerSource.TotalSeconds * BurstPerSource * _time.TimestampFrequency);
            foreach (var (address, _) in _sources.Where(s => s.Value.Pending == 0 && now - s.Value.LastRefill >= full).ToList())
            {
                _sources.Remove(address);
            }

            if (_sources.Count >= MaxSources)
            {
                return null;
            }
        }

        bucket = new Bucket(BurstPerSource, now);
        _sources[source] = bucket;
        return bucket;
    }

    /// <summary>Printable ASCII without quotes or backslashes, at most 64 characters: a user name cannot forge a log line.</summary>
    private static string Sanitize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var clean = new StringBuilder(Math.Min(text.Length, 64));
        foreach (var c in text)
        {
            if (clean.Length == 64)
            {
                break;
            }

            clean.Append(c is >= ' ' and <= '~' and not '"' and not '\\' ? c : '?');
        }

        return clean.ToString();
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
