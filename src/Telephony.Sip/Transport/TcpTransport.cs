using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Telephony.Sip.Messages;

namespace Telephony.Sip.Transport;

/// <summary>SIP over TCP, or over TLS when given a certificate: accepts connections and keeps them indexed by peer for reuse.</summary>
/// <remarks>Thread-safe.</remarks>
public sealed class TcpTransport : IDisposable
{
    private readonly Socket _listener;
    private readonly ISipMessageHandler _handler;
    private readonly SipParserLimits _limits;
    private readonly CancellationTokenSource _stop = new();
    private int _disposed;
    private readonly ConcurrentDictionary<IPEndPoint, TcpConnection> _connections = new();
    private readonly ConcurrentDictionary<IPAddress, int> _perAddress = new();

    private readonly TimeSpan _idleTimeout;

    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2? _certificate;

    public TcpTransport(IPEndPoint bind, ISipMessageHandler handler, SipParserLimits limits, TimeSpan idleTimeout,
        System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null)
    {
        _certificate = certificate;
        _idleTimeout = idleTimeout;
        _handler = handler;
        _limits = limits;
        _listener = new Socket(bind.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (bind.AddressFamily == AddressFamily.InterNetworkV6)
        {
            _listener.DualMode = true;
        }

        _listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Bind(bind);
        LocalEndPoint = (IPEndPoint)_listener.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    public int ConnectionCount => _connections.Count;

    public void Start()
    {
        _listener.Listen(512);
        _ = Task.Run(AcceptLoop);
        _ = Task.Run(IdleSweepLoop);
    }

    /// <summary>The open connection to <paramref name="remote"/>, if any (connection reuse, RFC 3261 §18.1.1).</summary>
    public TcpConnection? Find(IPEndPoint remote) =>
        _connections.TryGetValue(remote, out var c) && !c.IsClosed ? c : null;

    /// <summary>
    /// The connection to <paramref name="remote"/>: an open one is reused (RFC 3261 §18.1.1), else
    /// a new one is opened, with a TLS client handshake when <paramref name="tls"/> is given.
    /// </summary>
    /// <returns>The connection, or null with the reason when it could not be opened.</returns>
    public async Task<(TcpConnection? Connection, string? Error)> ConnectAsync(IPEndPoint remote, SslClientAuthenticationOptions? tls, CancellationToken cancel)
    {
        if (Find(remote) is { } open && (tls is null) == (open.Kind == SipTransportKind.Tcp))
        {
            return (open, null);
        }

        var socket = new Socket(remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel, _stop.Token);
            timeout.CancelAfter(ConnectTimeout);
            await socket.ConnectAsync(remote, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            socket.Dispose();
            return (null, e is SocketException se ? se.SocketErrorCode.ToString() : "connect timeout");
        }

        var connection = new TcpConnection(socket, _handler, _limits, advertisedPort: LocalEndPoint.Port) { IsOutbound = true };
        if (tls is not null && await connection.AuthenticateAsClientAsync(tls, cancel).ConfigureAwait(false) is { } error)
        {
            connection.Dispose();
            return (null, "TLS: " + error);
        }

        connection.Closed += c => _connections.TryRemove(new KeyValuePair<IPEndPoint, TcpConnection>(c.Remote, c));
        _connections[connection.Remote] = connection;
        _ = Task.Run(() => connection.RunAsync(_stop.Token), CancellationToken.None);
        return (connection, null);
    }

    /// <summary>How long a TCP connect may take before the target counts as unreachable (RFC 3263 §4.3 failover).</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            var connection = new TcpConnection(socket, _handler, _limits, _certificate);
            var address = connection.Remote.Address;
            var open = _perAddress.AddOrUpdate(address, 1, static (_, n) => n + 1);
            connection.Closed += c =>
            {
                _connections.TryRemove(new KeyValuePair<IPEndPoint, TcpConnection>(c.Remote, c));
                _perAddress.AddOrUpdate(c.Remote.Address, 0, static (_, n) => n - 1);
                _perAddress.TryRemove(new KeyValuePair<IPAddress, int>(c.Remote.Address, 0));
            };
            if (!_handler.AcceptConnection(connection.Remote, open - 1))
            {
                connection.Dispose();
                continue;
            }

            _connections[connection.Remote] = connection;
            _ = Task.Run(() => connection.RunAsync(_stop.Token));
        }
    }

    /// <summary>Closes connections idle for longer than the timeout: one loop for all connections, no timer each.</summary>
    private async Task IdleSweepLoop()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Clamp(_idleTimeout.TotalSeconds / 4, 0.05, 10)));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                var cutoff = Environment.TickCount64 - (long)_idleTimeout.TotalMilliseconds;
                foreach (var c in _connections.Values)
                {
                    if (c.LastActivity < cutoff)
                    {
                        c.Dispose();
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Transport stopping.
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stop.Cancel();
        _listener.Dispose();
        foreach (var c in _connections.Values)
        {
            c.Dispose();
        }

        _stop.Dispose();
    }
}
