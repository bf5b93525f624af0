using System.Net;

namespace Telephony.Sip.Dns;

/// <summary>Where and how patiently <see cref="DnsClient"/> asks, and how long it remembers.</summary>
public sealed record DnsClientOptions
{
    /// <summary>Name servers to ask, in order; null reads the <c>nameserver</c> lines of <see cref="ResolvConfPath"/>.</summary>
    public IReadOnlyList<IPEndPoint>? Servers { get; init; }

    public string ResolvConfPath { get; init; } = ResolvConf.DefaultPath;

    /// <summary>How long one try waits for one server's answer.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How many rounds over all servers before giving up (resolv.conf's <c>attempts</c>).</summary>
    public int Attempts { get; init; } = 2;

    /// <summary>How long NXDOMAIN and empty answers are remembered.</summary>
    public TimeSpan NegativeCacheTtl { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Upper bound on any record's TTL, so a mistyped zone cannot pin an address for weeks.</summary>
    public TimeSpan MaxCacheTtl { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Answers kept at most; expired ones go first, then everything.</summary>
    public int MaxCacheEntries { get; init; } = 1024;

    /// <summary>The clock for timeouts and TTLs.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
