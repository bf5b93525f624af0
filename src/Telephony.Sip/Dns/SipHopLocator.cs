using System.Net;
using Telephony.Sip.Headers;
using Telephony.Sip.Transport;

namespace Telephony.Sip.Dns;

/// <summary>
/// Where to send a request for a SIP URI (RFC 3263 §4): the transport the URI asks for and the
/// addresses in preference order (an IP literal as is, else DNS SRV, then A/AAAA).
/// </summary>
internal sealed class SipHopLocator
{
    private readonly SipStackOptions _options;
    private readonly Lazy<SipServerLocator> _dns;

    public SipHopLocator(SipStackOptions options, TimeProvider time)
    {
        _options = options;

        // Built on first use: a server that never dials out never opens a DNS socket.
        _dns = new Lazy<SipServerLocator>(() => new SipServerLocator(
            new DnsClient(new DnsClientOptions { Servers = options.DnsServers, TimeProvider = time })));
    }

    /// <summary>The hops for <paramref name="uri"/>; empty when the host has no address or DNS does not answer.</summary>
    public async Task<IReadOnlyList<SipHop>> LocateAsync(SipUri uri, CancellationToken cancel)
    {
        var transport = TransportOf(uri);
        var host = HostPort.Unbracket(uri.Host);
        var port = uri.Port ?? (transport == SipTransportKind.Tls ? 5061 : 5060);
        if (IPAddress.TryParse(host, out var ip))
        {
            return [new SipHop(new IPEndPoint(ip, port), transport)];
        }

        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return [new SipHop(new IPEndPoint(IPAddress.Loopback, port), transport)];
        }

        if (_options.Locator is { } locator)
        {
            return await locator(host, uri.Port, transport, cancel).ConfigureAwait(false);
        }

        try
        {
            return await _dns.Value.LocateAsync(host, uri.Port, transport, cancel).ConfigureAwait(false);
        }
        catch (DnsException e)
        {
            // No answer from DNS is "no address now": callers fail over or retry later.
            _options.Log?.Invoke($"DNS: cannot locate {host} for {transport.ToString().ToLowerInvariant()}: {e.Message}");
            return [];
        }
    }

    /// <summary>The transport a URI asks for: sips means TLS, else its transport parameter, else UDP.</summary>
    public static SipTransportKind TransportOf(SipUri uri)
    {
        if (uri.Scheme.Equals("sips", StringComparison.OrdinalIgnoreCase))
        {
            return SipTransportKind.Tls;
        }

        return uri.Transport?.ToLowerInvariant() switch
        {
            "tcp" => SipTransportKind.Tcp,
            "tls" => SipTransportKind.Tls,
            _ => SipTransportKind.Udp,
        };
    }
}
