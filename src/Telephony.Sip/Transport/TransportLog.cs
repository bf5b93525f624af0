using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Telephony.Sip.Security;

namespace Telephony.Sip.Transport;

/// <summary>
/// The log lines and counters of what the transports refuse or survive, each throttled so an
/// attacker cannot flood the log: a refusal is one <c>SECURITY refuse ip=...</c> line per source
/// per <see cref="Interval"/> carrying how many were refused (<c>refused=N</c>), at most
/// <see cref="RefusalsPerSecond"/> lines a second over all sources; the global events (connection
/// cap reached, a receive or accept error) are one line per <see cref="Interval"/> each, with the count.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class TransportLog
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    public const int RefusalsPerSecond = 20;
    public const int MaxSources = 4096;

    // Keys for the events that are not about one source: each its own bucket in one table.
    private static readonly IPAddress OverCapacityKey = IPAddress.Parse("0.0.0.1");
    private static readonly IPAddress ReceiveErrorKey = IPAddress.Parse("0.0.0.2");
    private static readonly IPAddress AcceptErrorKey = IPAddress.Parse("0.0.0.3");

    private readonly Action<string>? _log;
    private readonly SipStats _stats;
    private readonly SourceLogThrottle _refusals;
    private readonly SourceLogThrottle _slow;
    private readonly SourceLogThrottle _global;

    public TransportLog(TimeProvider time, Action<string>? log, SipStats stats)
    {
        _log = log;
        _stats = stats;
        _refusals = new SourceLogThrottle(time, 1, Interval, RefusalsPerSecond, MaxSources);
        _slow = new SourceLogThrottle(time, 1, Interval, RefusalsPerSecond, MaxSources);
        _global = new SourceLogThrottle(time, 1, Interval, 3, 3);
    }

    /// <summary>A connection refused because its source holds <paramref name="open"/> already.</summary>
    public void Refused(IPEndPoint source, int open)
    {
        _stats.ConnectionRefused();
        if (_refusals.Take(source.Address) is var refused and > 0)
        {
            Write($"SECURITY refuse ip={source.Address} reason=too-many-connections open={open} refused={refused}");
        }
    }

    /// <summary>
    /// A connection refused at the global cap. Not a <c>refuse ip=</c> line: the cap protects the
    /// process, and whoever arrives when it is full need not be the one who filled it (fail2ban
    /// must not ban a legitimate phone for it).
    /// </summary>
    public void OverCapacity(int open, int cap)
    {
        _stats.ConnectionRefused();
        if (_global.Take(OverCapacityKey) is var refused and > 0)
        {
            Write($"SECURITY overload reason=max-connections open={open} max={cap} refused={refused}");
        }
    }

    public void MessageTimeout(IPEndPoint source, TimeSpan timeout)
    {
        _stats.MessageTimeout();
        if (_slow.Take(source.Address) is var closed and > 0)
        {
            Write($"SECURITY slow ip={source.Address} reason=message-timeout seconds={timeout.TotalSeconds:0.###} closed={closed}");
        }
    }

    public void ReceiveError(Exception error, SipTransportKind transport, IPEndPoint? source)
    {
        _stats.ReceiveError();
        if (_global.Take(ReceiveErrorKey) is var errors and > 0)
        {
            var from = source is null ? string.Empty : $" from {source}";
            Write($"error receiving on {transport.ToString().ToLowerInvariant()}{from}: {error.GetType().Name}: {error.Message} (dropped, still serving; errors={errors})");
        }
    }

    public void AcceptError(Exception error, SipTransportKind transport, TimeSpan backoff)
    {
        _stats.AcceptError();
        if (_global.Take(AcceptErrorKey) is var errors and > 0)
        {
            var what = error is SocketException s ? s.SocketErrorCode.ToString() : error.GetType().Name;
            Write($"error accepting {transport.ToString().ToLowerInvariant()} connections: {what}: {error.Message}; retrying in {backoff.TotalMilliseconds:0} ms (errors={errors})");
        }
    }

    private void Write(FormattableString line) => _log?.Invoke(line.ToString(CultureInfo.InvariantCulture));
}
