using System.Net;
using System.Net.Sockets;

namespace Telephony.Media.Rtp;

/// <summary>
/// A bound UDP socket for one call's RTP at a time, with one receive loop for the socket's whole
/// life. Calls attach a sink when media starts and detach it when they end; between calls the
/// loop keeps draining and drops what arrives (late packets of the previous call).
/// </summary>
/// <remarks>
/// Kept across calls by <see cref="RtpSocketPool"/>: opening, binding, registering with epoll and
/// closing a socket per call, and cancelling its pending receive (an exception), were a large part
/// of a short call's CPU. Thread-safe.
/// </remarks>
public sealed class RtpSocket : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly byte[] _buffer = new byte[2048];
    private IRtpPacketSink? _sink;
    private int _inFlight;
    private Task? _loop;
    private int _started;
    private long _sinkErrors;
    private long _droppedUnattached;
    private int _disposed;

    /// <summary>Binds <paramref name="local"/> (throws <see cref="SocketException"/> when the port is taken).</summary>
    public RtpSocket(IPEndPoint local)
    {
        Socket = new Socket(local.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (local.AddressFamily == AddressFamily.InterNetworkV6)
            {
                Socket.DualMode = true;
            }

            Socket.Bind(local);
        }
        catch
        {
            Socket.Dispose();
            throw;
        }

        Port = local.Port != 0 ? local.Port : ((IPEndPoint)Socket.LocalEndPoint!).Port;
    }

    /// <summary>The socket, for sending.</summary>
    public Socket Socket { get; }

    public int Port { get; }

    /// <summary>The address the socket is bound to (a wildcard, or the configured RTP bind address).</summary>
    public IPAddress LocalAddress => ((IPEndPoint)Socket.LocalEndPoint!).Address;

    public AddressFamily AddressFamily => Socket.AddressFamily;

    /// <summary>Datagrams that arrived while no call held the socket.</summary>
    public long DroppedUnattached => Interlocked.Read(ref _droppedUnattached);

    /// <summary>Exceptions thrown by sinks (bugs; the loop survives them).</summary>
    public long SinkErrors => Interlocked.Read(ref _sinkErrors);

    /// <summary>Delivers datagrams to <paramref name="sink"/> from now on; starts the receive loop on first use.</summary>
    public void Attach(IRtpPacketSink sink)
    {
        Volatile.Write(ref _sink, sink);
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _loop = Task.Run(ReceiveLoopAsync);
        }
    }

    /// <summary>Stops delivering to the current sink; when it returns, no delivery to it is in progress.</summary>
    public void Detach()
    {
        Volatile.Write(ref _sink, null);
        var spin = new SpinWait();
        while (Volatile.Read(ref _inFlight) != 0)
        {
            spin.SpinOnce();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var source = new SocketAddress(Socket.AddressFamily);
        while (!_stop.IsCancellationRequested)
        {
            int received;
            try
            {
                received = await Socket.ReceiveFromAsync(_buffer, SocketFlags.None, source, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // ICMP unreachable after one of our sends, or a transient error: keep receiving.
                continue;
            }

            // Counted in before the sink is read, so Detach can wait for this delivery to finish.
            Interlocked.Increment(ref _inFlight);
            try
            {
                if (Volatile.Read(ref _sink) is { } sink)
                {
                    sink.OnDatagram(_buffer.AsSpan(0, received), source);
                }
                else
                {
                    Interlocked.Increment(ref _droppedUnattached);
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A bug in one call's packet handling must not stop this socket for the calls after it.
                Interlocked.Increment(ref _sinkErrors);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Detach();
        await _stop.CancelAsync();
        Socket.Dispose();
        if (_loop is { } loop)
        {
            await loop;
        }

        _stop.Dispose();
    }
}
