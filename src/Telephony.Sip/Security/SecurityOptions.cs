using System.Net;

namespace Telephony.Sip.Security;

/// <summary>How the stack defends itself against hostile traffic.</summary>
public sealed record SecurityOptions
{
    /// <summary>Requests per second one source address may send on average; 0 disables the limit.</summary>
    public int RequestsPerSecond { get; init; } = 200;

    /// <summary>How many requests above the rate a source may send in a burst.</summary>
    public int Burst { get; init; } = 400;

    /// <summary>How long a source that exceeded the limit is ignored.</summary>
    public TimeSpan BanDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Sources never rate-limited (trunks, the local machine). Default: loopback.</summary>
    public IReadOnlyList<IpNetwork> Trusted { get; init; } = [IpNetwork.Parse("127.0.0.0/8"), IpNetwork.Parse("::1/128")];

    /// <summary>User-Agent substrings of known scanners; their requests are dropped unanswered.</summary>
    public IReadOnlyList<string> ScannerUserAgents { get; init; } =
    [
        "friendly-scanner", "sipvicious", "sip-scan", "sipscan", "sipcli", "sundayddr", "iwar", "sivus",
        "vaxsipuseragent", "pplsip", "smap", "sipptk", "voipbuster", "eyebeam-scanner",
    ];

    /// <summary>Open TCP connections one source address may hold.</summary>
    public int MaxConnectionsPerAddress { get; init; } = 64;

    /// <summary>A TCP connection with no traffic for this long is closed.</summary>
    public TimeSpan ConnectionIdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Accepted TCP and TLS connections open at once, over all sources (trusted ones too: every
    /// connection costs a file descriptor); beyond it new ones are closed at once. 0 means
    /// <see cref="FileLimit.DefaultMaxConnections"/>, derived from the file limit.
    /// </summary>
    public int MaxConnections { get; init; }

    /// <summary>
    /// Once the first byte of a message arrived on a TCP/TLS connection, the whole message must
    /// follow within this long or the connection is closed (slowloris); the idle timeout is separate.
    /// </summary>
    public TimeSpan MessageTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>True when <paramref name="address"/> is in one of the <see cref="Trusted"/> networks (exempt from per-source limits).</summary>
    public bool IsTrusted(IPAddress address)
    {
        foreach (var network in Trusted)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><see cref="MaxConnections"/>, or the default derived from the file limit when it is 0.</summary>
    public int EffectiveMaxConnections => MaxConnections > 0 ? MaxConnections : FileLimit.DefaultMaxConnections;

    public static SecurityOptions Default { get; } = new();
}

/// <summary>An address range in CIDR notation.</summary>
public readonly record struct IpNetwork(IPAddress Prefix, int Length)
{
    public static IpNetwork Parse(string cidr)
    {
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        var address = IPAddress.Parse(slash < 0 ? cidr : cidr[..slash]);
        var bits = address.GetAddressBytes().Length * 8;
        var length = slash < 0 ? bits : int.Parse(cidr[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        if (length < 0 || length > bits)
        {
            throw new FormatException($"'{cidr}' is not a valid network (prefix length 0-{bits})");
        }

        return new IpNetwork(address, length);
    }

    public bool Contains(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var a = address.GetAddressBytes();
        var p = Prefix.GetAddressBytes();
        if (a.Length != p.Length)
        {
            return false;
        }

        var full = Length / 8;
        for (var i = 0; i < full; i++)
        {
            if (a[i] != p[i])
            {
                return false;
            }
        }

        var rest = Length % 8;
        return rest == 0 || (a[full] >> (8 - rest)) == (p[full] >> (8 - rest));
    }

    public override string ToString() => $"{Prefix}/{Length}";
}
