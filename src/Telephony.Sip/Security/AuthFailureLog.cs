using System.Globalization;
using System.Net;

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

    private readonly Action<string>? _log;
    private readonly SourceLogThrottle _throttle;
    private long _failures;

    public AuthFailureLog(TimeProvider time, Action<string>? log)
    {
        _log = log;
        _throttle = new SourceLogThrottle(time, BurstPerSource, RefillPerSource, GlobalPerSecond, MaxSources);
    }

    /// <summary>Failed logins since start.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Failures not (yet) written as a line because a bound was reached.</summary>
    public long Unlogged => _throttle.Unlogged;

    public int TrackedSources => _throttle.TrackedSources;

    /// <param name="source">Where the request came from (the address fail2ban bans).</param>
    /// <param name="user">The user name the request claimed (attacker-controlled: sanitised).</param>
    /// <param name="reason"><c>wrong-password</c> or <c>unknown-user</c>.</param>
    /// <param name="method">The SIP method that carried the credentials.</param>
    public void Failed(IPAddress source, string? user, string reason, string method)
    {
        Interlocked.Increment(ref _failures);
        var failures = _throttle.Take(source);
        if (failures == 0)
        {
            return;
        }

        _log?.Invoke(string.Create(CultureInfo.InvariantCulture,
            $"SECURITY auth-failed ip={source} user=\"{SecurityLogText.Escape(user)}\" reason={reason} method={method} failures={failures}"));
    }
}
