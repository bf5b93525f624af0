namespace Telephony.Sip.Dns;

/// <summary>Which address families <see cref="SipServerLocator"/> looks up, and in which order it lists them.</summary>
public sealed record SipServerLocatorOptions
{
    /// <summary>For each host, IPv4 addresses before IPv6 ones (false: IPv6 first).</summary>
    public bool PreferIPv4 { get; init; } = true;

    /// <summary>Look up AAAA records too; off for hosts without IPv6 routes, to save a query.</summary>
    public bool UseIPv6 { get; init; } = true;
}
