using System.Net;
using System.Net.Sockets;
using Telephony.Sip.Messages;

namespace Telephony.Sip.Transport;

/// <summary>SIP over UDP: one socket, a few receive threads, synchronous sends.</summary>
/// <remarks>
/// Each receive thread owns one 64 KiB buffer for its lifetime and parses in place, so receiving
/// allocates only what the parsed message keeps; it runs the stack synchronously up to the call
/// handler. Thread-safe.
/// </remarks>
public sealed class UdpTransport : ISipSender, IDisposable
{
    private readonly Socket _socket;
    private readonly ISipMessageHandler _handler;
    private readonly SipParserLimits _limits;
    private readonly CancellationTokenSource _stop = new();
    private int _disposed;

    public UdpTransport(IPEndPoint bind, ISipMessageHandler handler, SipParserLimits limits)
    {
        _handler = handler;
        _limits = limits;
        _socket = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        if (bind.AddressFamily == AddressFamily.InterNetworkV6)
        {
            _socket.DualMode = true;
        }

        _socket.ReceiveBufferSize = 4 * 1024 * 1024;
        _socket.SendBufferSize = 4 * 1024 * 1024;
        _socket.Bind(bind);

        // Receive threads block in recvfrom; the timeout bounds how long Dispose waits for them.
        _socket.ReceiveTimeout = 500;
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    public SipTransportKind Kind => SipTransportKind.Udp;

    public bool IsReliable => false;

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Datagrams that could not be received or sent (socket errors).</summary>
    public long SocketErrors => Interlocked.Read(ref _socketErrors);

    private long _socketErrors;

    public void Start(int receiveLoops = 2)
    {
        for (var i = 0; i < receiveLoops; i++)
        {
            // Dedicated threads blocking in recvfrom: one syscall per datagram and no hand-off.
            // An async receive costs an epoll wake-up plus a thread-pool dispatch per datagram,
            // which on this class of VM (expensive context switches) was most of a call's CPU.
            var thread = new Thread(ReceiveLoop) { IsBackground = true, Name = $"sip-udp-rx-{i}" };
            thread.Start();
        }
    }

    public bool Send(ReadOnlySpan<byte> message, IPEndPoint remote) => TrySend(message, remote, out _);

    public bool TrySend(ReadOnlySpan<byte> message, IPEndPoint remote, out string? error)
    {
        try
        {
            _socket.SendTo(message, SocketFlags.None, remote);
            error = null;
            return true;
        }
        catch (SocketException e)
        {
            Interlocked.Increment(ref _socketErrors);
            error = e.SocketErrorCode.ToString();
            return false;
        }
        catch (ObjectDisposedException)
        {
            error = "the UDP socket is closed";
            return false;
        }
    }

    private void ReceiveLoop()
    {
        var buffer = new byte[65536];
        var address = new SocketAddress(_socket.AddressFamily);
        var sources = new SourceEndPointCache(_socket.AddressFamily);
        while (!_stop.IsCancellationRequested)
        {
            int received;
            try
            {
                received = _socket.ReceiveFrom(buffer, SocketFlags.None, address);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
            {
                // The receive timeout only lets the loop notice Dispose; nothing was lost.
                continue;
            }
            catch (SocketException)
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }

                // ICMP port unreachable from an earlier send, or a transient error: keep serving.
                Interlocked.Increment(ref _socketErrors);
                continue;
            }

            if (_stop.IsCancellationRequested)
            {
                return; // Shutdown woke the thread: what it returned is no datagram.
            }

            Process(buffer.AsSpan(0, received), address, sources);
        }
    }

    /// <summary>
    /// Admits, parses and handles one datagram. Whatever it throws is this datagram's problem
    /// alone: counted and reported, and the thread goes on to the next (an exception escaping a
    /// dedicated thread would end the process).
    /// </summary>
    private void Process(ReadOnlySpan<byte> datagram, SocketAddress address, SourceEndPointCache sources)
    {
        IPEndPoint? remote = null;
        try
        {
            remote = sources.Get(address);
            if (remote is null || !_handler.AcceptFrom(remote))
            {
                return;
            }

            var source = new SipSource(this, remote);
            var result = SipParser.Parse(datagram, isStream: false, _limits);
            if (result.Status == SipParseStatus.Complete)
            {
                _handler.OnMessage(result.Message!, source);
            }
            else if (result.Status == SipParseStatus.Invalid)
            {
                _handler.OnInvalid(result, source);
            }
        }
        catch (Exception e)
        {
            ReportError(e, remote);
        }
    }

    private void ReportError(Exception e, IPEndPoint? remote)
    {
        try
        {
            _handler.OnReceiveError(e, SipTransportKind.Udp, remote);
        }
        catch (Exception)
        {
            // Even reporting failed (out of memory): dropping the datagram is all that is left.
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stop.Cancel();
        try
        {
            // Wakes receive threads blocked in recvfrom on Linux; the timeout covers the rest.
            _socket.Shutdown(SocketShutdown.Receive);
        }
        catch (SocketException)
        {
            // Not supported for this socket state: the receive timeout ends the loops.
        }

        _socket.Dispose();
        _stop.Dispose();
    }
}
