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
    private readonly TimeSpan _messageTimeout;
    private readonly ConnectionBudget _budget;

    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2? _certificate;

    /// <param name="budget">The global cap on accepted connections, shared with the other listener; none when null.</param>
    /// <param name="messageTimeout">How long a message begun may take to complete (slowloris); 20 s when null.</param>
    public TcpTransport(IPEndPoint bind, ISipMessageHandler handler, SipParserLimits limits, TimeSpan idleTimeout,
        System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null,
        ConnectionBudget? budget = null, TimeSpan? messageTimeout = null)
    {
        _certificate = certificate;
        _idleTimeout = idleTimeout;
        _messageTimeout = messageTimeout ?? TimeSpan.FromSeconds(20);
        _budget = budget ?? new ConnectionBudget(int.MaxValue);
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

    private SipTransportKind Kind => _certificate is null ? SipTransportKind.Tcp : SipTransportKind.Tls;

    /// <summary>The first wait after a failed accept, doubled on each further failure up to <see cref="MaxAcceptBackoff"/>.</summary>
    public static readonly TimeSpan MinAcceptBackoff = TimeSpan.FromMilliseconds(100);

    public static readonly TimeSpan MaxAcceptBackoff = TimeSpan.FromSeconds(1);

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
        var backoff = TimeSpan.Zero;
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stop.Token);
                backoff = TimeSpan.Zero;
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (Exception e)
            {
                // Out of file descriptors (EMFILE/ENFILE) leaves the connection in the backlog, so
                // the next accept fails at once: without a pause this loop would spin a core.
                backoff = backoff == TimeSpan.Zero ? MinAcceptBackoff : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxAcceptBackoff.Ticks));
                _handler.OnAcceptError(e, Kind, backoff);
                try
                {
                    await Task.Delay(backoff, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            try
            {
                Admit(socket);
            }
            catch (Exception e)
            {
                // E.g. the peer reset before we read its address: that one connection is lost, not the listener.
                socket.Dispose();
                _handler.OnReceiveError(e, Kind, null);
            }
        }
    }

    /// <summary>Keeps an accepted socket as a connection, unless the global or the per-address cap says no.</summary>
    private void Admit(Socket socket)
    {
        if (!_budget.TryTake())
        {
            var remote = socket.RemoteEndPoint as IPEndPoint;
            socket.Close(0);
            _handler.OnConnectionOverCapacity(remote ?? new IPEndPoint(IPAddress.None, 0), _budget.Open, _budget.Cap);
            return;
        }

        TcpConnection connection;
        try
        {
            connection = new TcpConnection(socket, _handler, _limits, _certificate);
        }
        catch
        {
            _budget.Release();
            throw;
        }

        var open = _perAddress.AddOrUpdate(connection.Remote.Address, 1, static (_, n) => n + 1);
        connection.Closed += c =>
        {
            _budget.Release();
            _connections.TryRemove(new KeyValuePair<IPEndPoint, TcpConnection>(c.Remote, c));
            _perAddress.AddOrUpdate(c.Remote.Address, 0, static (_, n) => n - 1);
            _perAddress.TryRemove(new KeyValuePair<IPAddress, int>(c.Remote.Address, 0));
        };
        if (!_handler.AcceptConnection(connection.Remote, open - 1))
        {
            connection.Dispose();
            return;
        }

        _connections[connection.Remote] = connection;
        _ = Task.Run(() => connection.RunAsync(_stop.Token));
    }

    /// <summary>
    /// Closes connections idle for longer than the idle timeout, and those holding a message begun
    /// longer ago than the message timeout (slowloris: any byte resets the idle clock, so it alone
    /// cannot catch one byte every minute): one loop for all connections, no timer each.
    /// </summary>
    private async Task IdleSweepLoop()
    {
        var shortest = Math.Min(_idleTimeout.TotalSeconds, _messageTimeout.TotalSeconds);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Clamp(shortest / 4, 0.05, 10)));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                var now = Environment.TickCount64;
                var idleCutoff = now - (long)_idleTimeout.TotalMilliseconds;
                var messageCutoff = now - (long)_messageTimeout.TotalMilliseconds;
                foreach (var c in _connections.Values)
                {
                    if (c.LastActivity < idleCutoff)
                    {
                        c.Dispose();
                    }
                    else if (c.MessageStartedAt is { } started && started < messageCutoff)
                    {
                        _handler.OnMessageTimeout(c.Remote, _messageTimeout);
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
