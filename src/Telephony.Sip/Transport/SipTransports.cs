using System.Net;

namespace Telephony.Sip.Transport;

/// <summary>
/// The stack's listening transports (UDP, TCP, TLS) and the senders our requests go out on: the
/// UDP socket, or a TCP/TLS connection opened or reused.
/// </summary>
internal sealed class SipTransports : IDisposable
{
    private readonly SipStackOptions _options;
    private UdpTransport? _udp;
    private TcpTransport? _tcp;
    private TcpTransport? _tls;

    public SipTransports(SipStackOptions options) => _options = options;

    public IPEndPoint? UdpEndPoint => _udp?.LocalEndPoint;

    public IPEndPoint? TcpEndPoint => _tcp?.LocalEndPoint;

    public IPEndPoint? TlsEndPoint => _tls?.LocalEndPoint;

    /// <summary>Binds the transports. With port 0, UDP picks a free port and TCP takes the same number.</summary>
    public void Start(ISipMessageHandler handler)
    {
        var port = _options.Port;
        if (_options.EnableUdp)
        {
            _udp = new UdpTransport(new IPEndPoint(_options.BindAddress, port), handler, _options.Limits);
            port = _udp.LocalEndPoint.Port;
        }

        // One cap for TCP and TLS together: both spend the same file descriptors.
        var security = _options.Security;
        var budget = new ConnectionBudget(security.EffectiveMaxConnections);
        if (_options.EnableTcp)
        {
            _tcp = new TcpTransport(new IPEndPoint(_options.BindAddress, port), handler, _options.Limits, security.ConnectionIdleTimeout, null, budget, security.MessageTimeout);
            _tcp.Start();
        }

        if (_options.TlsCertificate is { } certificate)
        {
            _tls = new TcpTransport(new IPEndPoint(_options.BindAddress, _options.TlsPort), handler, _options.Limits, security.ConnectionIdleTimeout, certificate, budget, security.MessageTimeout);
            _tls.Start();
        }

        // UDP reads last: by the time the first datagram is handled, every transport is up.
        _udp?.Start(_options.UdpReceiveLoops);
    }

    /// <summary>
    /// A sender for requests to <paramref name="destination"/>: the UDP socket, or a TCP/TLS
    /// connection (an open one reused, else a new one; TLS verifies the peer's certificate for
    /// <paramref name="serverName"/> against the system roots and <see cref="SipStackOptions.TlsTrustedRoots"/>).
    /// </summary>
    public async Task<(ISipSender? Sender, string? Error)> SenderForAsync(SipTransportKind transport, IPEndPoint destination, string? serverName, CancellationToken cancel)
    {
        switch (transport)
        {
            case SipTransportKind.Udp:
                return _udp is null ? (null, "UDP is not enabled") : (_udp, null);
            case SipTransportKind.Tcp:
                return _tcp is null ? (null, "TCP is not enabled") : await _tcp.ConnectAsync(destination, null, cancel).ConfigureAwait(false);
            default:
                var owner = _tls ?? _tcp;
                if (owner is null)
                {
                    return (null, "neither TLS nor TCP is enabled");
                }

                return await owner.ConnectAsync(destination, TlsClient.Options(serverName ?? destination.Address.ToString(), _options.TlsTrustedRoots), cancel).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The sender for an in-dialog request: the dialog's own, unless it was a TCP connection that
    /// has closed since, in which case a newer connection to the same peer (if any) takes over.
    /// </summary>
    public ISipSender InDialogSender(ISipSender sender) =>
        sender is TcpConnection { IsClosed: true } closed ? _tcp?.Find(closed.Remote) ?? sender : sender;

    public void Dispose()
    {
        _udp?.Dispose();
        _tcp?.Dispose();
        _tls?.Dispose();
    }
}
