using System.Buffers;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Telephony.Sip.Messages;

namespace Telephony.Sip.Transport;

/// <summary>One SIP-over-TCP or SIP-over-TLS connection: frames the byte stream by Content-Length (RFC 3261 §18.3).</summary>
/// <remarks>
/// The read buffer is pooled and grows up to twice the message size limit; a peer that sends
/// something unframeable is disconnected, since a stream cannot be resynchronised. Sends are
/// serialised by a lock so concurrent transactions never interleave bytes. Thread-safe.
/// </remarks>
public sealed class TcpConnection : ISipSender, IDisposable
{
    private readonly Socket _socket;
    private readonly ISipMessageHandler _handler;
    private readonly SipParserLimits _limits;
    private readonly Lock _sendLock = new();
    private readonly X509Certificate2? _certificate;
    private Stream _stream;
    private int _closed;
    private bool _clientTls;

    /// <param name="certificate">Given for TLS: the handshake runs (as server) before any SIP is read.</param>
    /// <param name="advertisedPort">For connections we open: the port our listener has, which Via and Contact name.</param>
    public TcpConnection(Socket socket, ISipMessageHandler handler, SipParserLimits limits, X509Certificate2? certificate = null, int? advertisedPort = null)
    {
        _socket = socket;
        _certificate = certificate;
        _stream = new NetworkStream(socket, ownsSocket: false);
        _socket.NoDelay = true;
        _handler = handler;
        _limits = limits;
        var local = (IPEndPoint)socket.LocalEndPoint!;
        LocalEndPoint = advertisedPort is { } port ? new IPEndPoint(local.Address, port) : local;
        var remote = (IPEndPoint)socket.RemoteEndPoint!;
        Remote = remote.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(remote.Address.MapToIPv4(), remote.Port) : remote;
    }

    public SipTransportKind Kind => _certificate is null && !_clientTls ? SipTransportKind.Tcp : SipTransportKind.Tls;

    /// <summary>True for connections we opened (UAC side), false for accepted ones.</summary>
    public bool IsOutbound { get; init; }

    public bool IsReliable => true;

    public IPEndPoint LocalEndPoint { get; }

    public IPEndPoint Remote { get; }

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>When bytes last moved either way (<see cref="Environment.TickCount64"/>), for the idle sweep.</summary>
    public long LastActivity => Volatile.Read(ref _lastActivity);

    private long _lastActivity = Environment.TickCount64;

    /// <summary>
    /// When the first byte of the message now being received arrived (<see cref="Environment.TickCount64"/>),
    /// null between messages: the transport closes a connection whose message takes too long.
    /// </summary>
    public long? MessageStartedAt => Volatile.Read(ref _messageStartedAt) is var t and not 0 ? t : null;

    private long _messageStartedAt;

    /// <summary>Raised once when the connection ends, for the transport's bookkeeping.</summary>
    public event Action<TcpConnection>? Closed;

    public bool Send(ReadOnlySpan<byte> message, IPEndPoint remote) => TrySend(message, remote, out _);

    public bool TrySend(ReadOnlySpan<byte> message, IPEndPoint remote, out string? error)
    {
        if (IsClosed)
        {
            error = "the connection is closed";
            return false;
        }

        try
        {
            lock (_sendLock)
            {
                Volatile.Write(ref _lastActivity, Environment.TickCount64);
                _stream.Write(message);
            }

            error = null;
            return true;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException or InvalidOperationException)
        {
            Dispose();
            error = (e as SocketException ?? e.InnerException as SocketException)?.SocketErrorCode.ToString() ?? "the connection is closed";
            return false;
        }
    }

    public async Task RunAsync(CancellationToken stop)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(8192);
        var filled = 0;
        try
        {
            if (_certificate is not null && !await HandshakeAsync(stop))
            {
                return;
            }

            var source = new SipSource(this, Remote);
            while (!stop.IsCancellationRequested)
            {
                if (filled == buffer.Length)
                {
                    if (buffer.Length >= _limits.MaxMessageBytes * 2)
                    {
                        return;
                    }

                    var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var read = await _stream.ReadAsync(buffer.AsMemory(filled), stop);
                if (read == 0)
                {
                    return;
                }

                filled += read;
                var now = Environment.TickCount64;
                Volatile.Write(ref _lastActivity, now);
                var consumed = ParseAvailable(buffer.AsSpan(0, filled), source, out var fatal);
                if (fatal)
                {
                    return;
                }

                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;

                // A partial message left over began in this read when a complete one was just
                // taken before it (or nothing was pending); otherwise its clock keeps running.
                if (filled == 0)
                {
                    Volatile.Write(ref _messageStartedAt, 0);
                }
                else if (consumed > 0 || Volatile.Read(ref _messageStartedAt) == 0)
                {
                    Volatile.Write(ref _messageStartedAt, now);
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            // The peer went away or we are stopping: nothing to report beyond closing.
        }
        catch (Exception e)
        {
            // A bug or resource exhaustion while serving this connection: it is closed, the transport goes on.
            _handler.OnReceiveError(e, Kind, Remote);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            Dispose();
        }
    }

    /// <summary>TLS server handshake, bounded in time so a silent peer cannot hold the connection open.</summary>
    private async Task<bool> HandshakeAsync(CancellationToken stop)
    {
        var ssl = new SslStream(_stream, leaveInnerStreamOpen: false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            await ssl.AuthenticateAsServerAsync(
                new SslServerAuthenticationOptions
                {
                    ServerCertificate = _certificate,
                    ClientCertificateRequired = false,
                    EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                },
                timeout.Token);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException or SocketException)
        {
            await ssl.DisposeAsync();
            return false;
        }

        lock (_sendLock)
        {
            _stream = ssl;
        }

        return true;
    }

    /// <summary>
    /// TLS client handshake for a connection we opened (RFC 3261 §26.2.1: the server's certificate
    /// must be valid for the host we meant to reach), bounded in time.
    /// </summary>
    /// <returns>Null on success, else why the handshake failed.</returns>
    internal async Task<string?> AuthenticateAsClientAsync(SslClientAuthenticationOptions options, CancellationToken cancel)
    {
        var ssl = new SslStream(_stream, leaveInnerStreamOpen: false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            await ssl.AuthenticateAsClientAsync(options, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException or SocketException)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            return e.Message;
        }

        lock (_sendLock)
        {
            _stream = ssl;
            _clientTls = true;
        }

        return null;
    }

    private int ParseAvailable(ReadOnlySpan<byte> data, SipSource source, out bool fatal)
    {
        fatal = false;
        var consumed = 0;
        while (consumed < data.Length)
        {
            var result = SipParser.Parse(data[consumed..], isStream: true, _limits);
            switch (result.Status)
            {
                case SipParseStatus.Complete:
                    consumed += result.Consumed;

                    // Counted per message, not per read: one write can carry fifty requests.
                    if (!_handler.AcceptFrom(Remote))
                    {
                        fatal = true;
                        return consumed;
                    }

                    Handle(result, source);
                    break;
                case SipParseStatus.KeepAlive:
                    // RFC 5626 §3.5.1: answer a double-CRLF ping with a single CRLF pong.
                    if (result.Consumed >= 4)
                    {
                        Send("\r\n"u8, Remote);
                    }

                    consumed += result.Consumed;
                    return consumed;
                case SipParseStatus.Incomplete:
                    return consumed + result.Consumed;
                default:
                    if (!_handler.AcceptFrom(Remote))
                    {
                        fatal = true;
                        return consumed;
                    }

                    Handle(result, source);
                    if (result.Message is null)
                    {
                        fatal = true;
                        return consumed;
                    }

                    consumed += result.Consumed;
                    break;
            }
        }

        return consumed;
    }

    /// <summary>Hands one framed message on; if handling it throws, that message is dropped (and counted), the stream stays framed and the next one is read.</summary>
    private void Handle(in SipParseResult result, SipSource source)
    {
        try
        {
            if (result.Status == SipParseStatus.Complete)
            {
                _handler.OnMessage(result.Message!, source);
            }
            else
            {
                _handler.OnInvalid(result, source);
            }
        }
        catch (Exception e)
        {
            _handler.OnReceiveError(e, Kind, Remote);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already reset by the peer.
        }

        _stream.Dispose();
        _socket.Dispose();
        Closed?.Invoke(this);
    }
}
