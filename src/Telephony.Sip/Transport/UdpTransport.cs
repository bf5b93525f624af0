using System.Net;
using System.Net.Sockets;
using Telephony.Sip.Messages;

namespace Telephony.Sip.Transport;

/// <summary>SIP over UDP: one socket, a few concurrent receive loops, synchronous sends.</summary>
/// <remarks>
/// Each receive loop owns one 64 KiB buffer for its lifetime and parses in place, so receiving
/// allocates only what the parsed message keeps. Thread-safe.
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
            _ = Task.Factory.StartNew(ReceiveLoop, TaskCreationOptions.LongRunning).Unwrap();
        }
    }

    public bool Send(ReadOnlySpan<byte> message, IPEndPoint remote)
    {
        try
        {
            _socket.SendTo(message, SocketFlags.None, remote);
            return true;
        }
        catch (SocketException)
        {
            Interlocked.Increment(ref _socketErrors);
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    private async Task ReceiveLoop()
    {
        var buffer = new byte[65536];
        var address = new SocketAddress(_socket.AddressFamily);
        var template = new IPEndPoint(_socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            int received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, address, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // ICMP port unreachable from an earlier send, or a transient error: keep serving.
                Interlocked.Increment(ref _socketErrors);
                continue;
            }

            var remote = Normalize((IPEndPoint)template.Create(address));
            if (!_handler.AcceptFrom(remote))
            {
                continue;
            }

            var source = new SipSource(this, remote);
            var result = SipParser.Parse(buffer.AsSpan(0, received), isStream: false, _limits);
            if (result.Status == SipParseStatus.Complete)
            {
                _handler.OnMessage(result.Message!, source);
            }
            else if (result.Status == SipParseStatus.Invalid)
            {
                _handler.OnInvalid(result, source);
            }
        }
    }

    private static IPEndPoint Normalize(IPEndPoint ep) =>
        ep.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(ep.Address.MapToIPv4(), ep.Port) : ep;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stop.Cancel();
        _socket.Dispose();
        _stop.Dispose();
    }
}
