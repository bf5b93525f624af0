using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Telephony.Sip.Messages;

namespace Telephony.Sip.Transport;

/// <summary>One SIP-over-TCP connection: frames the byte stream by Content-Length (RFC 3261 §18.3).</summary>
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
    private int _closed;

    public TcpConnection(Socket socket, ISipMessageHandler handler, SipParserLimits limits)
    {
        _socket = socket;
        _socket.NoDelay = true;
        _handler = handler;
        _limits = limits;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        var remote = (IPEndPoint)socket.RemoteEndPoint!;
        Remote = remote.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(remote.Address.MapToIPv4(), remote.Port) : remote;
    }

    public SipTransportKind Kind => SipTransportKind.Tcp;

    public bool IsReliable => true;

    public IPEndPoint LocalEndPoint { get; }

    public IPEndPoint Remote { get; }

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>When bytes last moved either way (<see cref="Environment.TickCount64"/>), for the idle sweep.</summary>
    public long LastActivity => Volatile.Read(ref _lastActivity);

    private long _lastActivity = Environment.TickCount64;

    /// <summary>Raised once when the connection ends, for the transport's bookkeeping.</summary>
    public event Action<TcpConnection>? Closed;

    public bool Send(ReadOnlySpan<byte> message, IPEndPoint remote)
    {
        if (IsClosed)
        {
            return false;
        }

        try
        {
            lock (_sendLock)
            {
                Volatile.Write(ref _lastActivity, Environment.TickCount64);
                while (!message.IsEmpty)
                {
                    var sent = _socket.Send(message, SocketFlags.None);
                    message = message[sent..];
                }
            }

            return true;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            Dispose();
            return false;
        }
    }

    public async Task RunAsync(CancellationToken stop)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(8192);
        var filled = 0;
        try
        {
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

                var read = await _socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, stop);
                if (read == 0)
                {
                    return;
                }

                filled += read;
                Volatile.Write(ref _lastActivity, Environment.TickCount64);
                if (!_handler.AcceptFrom(Remote))
                {
                    return;
                }

                var consumed = ParseAvailable(buffer.AsSpan(0, filled), source, out var fatal);
                if (fatal)
                {
                    return;
                }

                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The peer went away or we are stopping: nothing to report beyond closing.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            Dispose();
        }
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
                    _handler.OnMessage(result.Message!, source);
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
                    _handler.OnInvalid(result, source);
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

        _socket.Dispose();
        Closed?.Invoke(this);
    }
}
