using System.Globalization;
using System.Net;
using Telephony.Sip.Transport;

namespace Telephony.Sip.Dns;

/// <summary>
/// Finds where to send requests for a SIP host with a chosen transport (RFC 3263 §4.2): IP literals
/// as they are, hosts with an explicit port through A/AAAA, and others through SRV records
/// (ordered per RFC 2782) with A/AAAA of the host on the default port when there are none.
/// </summary>
/// <remarks>
/// NAPTR (§4.1) is not consulted: the transport is configured per trunk. A failing SRV query does
/// not stop the A/AAAA fallback, since some servers fail SRV queries they do not understand.
/// </remarks>
public sealed class SipServerLocator
{
    public const int DefaultPort = 5060;
    public const int DefaultTlsPort = 5061;

    private readonly DnsClient _dns;
    private readonly SipServerLocatorOptions _options;

    public SipServerLocator(DnsClient dns, SipServerLocatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dns);
        _dns = dns;
        _options = options ?? new SipServerLocatorOptions();
    }

    /// <summary>
    /// The targets to try for <paramref name="host"/>, best first; empty when the host does not exist or
    /// its SRV records say the service is not offered (target ".").
    /// </summary>
    /// <param name="host">A hostname, an IPv4 address or an IPv6 address (brackets optional).</param>
    /// <param name="port">The port of the URI, if it had one; it turns off SRV lookup.</param>
    /// <param name="transport">The transport to reach the host with; it picks the SRV service name.</param>
    /// <exception cref="DnsException">DNS gave no usable answer and so no target was found.</exception>
    public async Task<IReadOnlyList<SipHop>> LocateAsync(string host, int? port, SipTransportKind transport,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        if (port is < IPEndPoint.MinPort + 1 or > IPEndPoint.MaxPort)
        {
            throw new ArgumentOutOfRangeException(nameof(port), port, "A SIP port is 1 to 65535.");
        }

        var name = DnsName.TrimDot(host.Trim());
        var defaultPort = transport == SipTransportKind.Tls ? DefaultTlsPort : DefaultPort;
        if (ParseLiteral(name) is { } literal)
        {
            return [new SipHop(new IPEndPoint(literal, port ?? defaultPort), transport)];
        }

        if (port is null)
        {
            var srv = await TrySrvAsync(ServicePrefix(transport) + name, cancellationToken).ConfigureAwait(false);
            if (srv.Count > 0)
            {
                return await FromSrvAsync(srv, transport, cancellationToken).ConfigureAwait(false);
            }
        }

        var (addresses, error) = await AddressesAsync(name, cancellationToken).ConfigureAwait(false);
        if (addresses.Count == 0 && error is not null)
        {
            throw error;
        }

        return [.. addresses.Select(a => new SipHop(new IPEndPoint(a, port ?? defaultPort), transport))];
    }

    private static string ServicePrefix(SipTransportKind transport) => transport switch
    {
        SipTransportKind.Udp => "_sip._udp.",
        SipTransportKind.Tcp => "_sip._tcp.",
        SipTransportKind.Tls => "_sips._tcp.",
        _ => throw new ArgumentOutOfRangeException(nameof(transport), transport, "Unknown SIP transport."),
    };

    /// <summary>The SRV records of <paramref name="service"/>; none when it has none or DNS failed to say.</summary>
    private async Task<IReadOnlyList<DnsSrvRecord>> TrySrvAsync(string service, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await _dns.QueryAsync(service, DnsRecordType.Srv, cancellationToken).ConfigureAwait(false);
            return [.. answer.Records.OfType<DnsSrvRecord>()];
        }
        catch (DnsException)
        {
            // The A/AAAA lookup that follows reports DNS trouble if there is any; an SRV-only failure is no reason to stop.
            return [];
        }
    }

    private async Task<IReadOnlyList<SipHop>> FromSrvAsync(IReadOnlyList<DnsSrvRecord> records, SipTransportKind transport,
        CancellationToken cancellationToken)
    {
        // RFC 2782: a target of "." means the service is decidedly not available at this domain.
        // Targets no query could carry (escaped octets from a hostile zone) are dropped like unreachable ones.
        var ordered = SrvOrdering.Order(records.Where(r => !DnsName.AreEqual(r.Target, DnsName.Root) && DnsName.IsValid(r.Target)));

        // The targets are looked up together and listed in SRV order.
        var lookups = ordered.Select(r => AddressesAsync(r.Target, cancellationToken)).ToList();
        await Task.WhenAll(lookups).ConfigureAwait(false);

        var targets = new List<SipHop>();
        DnsException? firstError = null;
        for (var i = 0; i < ordered.Count; i++)
        {
            var (addresses, error) = await lookups[i].ConfigureAwait(false);
            firstError ??= error;
            foreach (var address in addresses)
            {
                var target = new SipHop(new IPEndPoint(address, ordered[i].Port), transport);
                if (!targets.Contains(target))
                {
                    targets.Add(target);
                }
            }
        }

        return targets.Count == 0 && firstError is not null ? throw firstError : targets;
    }

    /// <summary>
    /// The addresses of <paramref name="host"/> in the preferred family order, and the DNS failure that
    /// leaves the list in doubt (only when no address was found).
    /// </summary>
    private async Task<(IReadOnlyList<IPAddress> Addresses, DnsException? Error)> AddressesAsync(string host,
        CancellationToken cancellationToken)
    {
        if (ParseLiteral(host) is { } literal)
        {
            return ([literal], null);
        }

        var v4 = LookupAsync(host, DnsRecordType.A, cancellationToken);
        var v6 = _options.UseIPv6 ? LookupAsync(host, DnsRecordType.Aaaa, cancellationToken) : Task.FromResult(Found([]));
        var results = await Task.WhenAll(_options.PreferIPv4 ? new[] { v4, v6 } : new[] { v6, v4 }).ConfigureAwait(false);

        var addresses = results.SelectMany(r => r.Addresses).ToList();
        return (addresses, addresses.Count == 0 ? results.Select(r => r.Error).FirstOrDefault(e => e is not null) : null);
    }

    private async Task<(IReadOnlyList<IPAddress> Addresses, DnsException? Error)> LookupAsync(string host, DnsRecordType type,
        CancellationToken cancellationToken)
    {
        try
        {
            var answer = await _dns.QueryAsync(host, type, cancellationToken).ConfigureAwait(false);
            return Found([.. answer.Records.OfType<DnsAddressRecord>().Select(r => r.Address)]);
        }
        catch (DnsException e)
        {
            return ([], e);
        }
    }

    private static (IReadOnlyList<IPAddress> Addresses, DnsException? Error) Found(IReadOnlyList<IPAddress> addresses) =>
        (addresses, null);

    /// <summary>
    /// The address <paramref name="host"/> spells, if it is a literal or "localhost" (RFC 6761 §6.3, so
    /// it needs no DNS). IPv4 must be a dotted quad of decimals, as RFC 3261's IPv4address: the
    /// shorthands <see cref="IPAddress.TryParse(string, out IPAddress)"/> also takes ("10", "0x7f.1",
    /// octal "010") are hostnames or mistakes in a SIP URI.
    /// </summary>
    private static IPAddress? ParseLiteral(string host)
    {
        if (DnsName.AreEqual(host, "localhost"))
        {
            return IPAddress.Loopback;
        }

        var text = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        if (text.Contains(':', StringComparison.Ordinal))
        {
            return IPAddress.TryParse(text, out var v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
                ? v6
                : null;
        }

        var parts = text.Split('.');
        var bytes = new byte[4];
        if (parts.Length != 4)
        {
            return null;
        }

        for (var i = 0; i < 4; i++)
        {
            if (parts[i].Length is 0 or > 3 || !parts[i].All(char.IsAsciiDigit)
                || !byte.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out bytes[i]))
            {
                return null;
            }
        }

        return new IPAddress(bytes);
    }
}
