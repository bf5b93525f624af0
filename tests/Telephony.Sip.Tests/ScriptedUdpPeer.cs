using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Telephony.Sip.Messages;
using Telephony.Sip.Transport;

namespace Telephony.Sip.Tests;

/// <summary>
/// A SIP peer on a real loopback UDP socket that answers every request (but ACK) with one fixed
/// response, or never answers (silent): a registrar or trunk address that says 503, 403, 200 or
/// nothing at all. Records what it received.
/// </summary>
internal sealed class ScriptedUdpPeer : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly string? _answer;
    private readonly ConcurrentQueue<SipRequest> _received = new();
    private readonly Thread _thread;
    private volatile bool _stopped;

    /// <param name="answer">The status line's tail and any extra headers ("503 Service Unavailable", "200 OK\r\nExpires: 120"); null never answers.</param>
    public ScriptedUdpPeer(string? answer)
    {
        _answer = answer;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _socket.ReceiveTimeout = 100;
        EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _thread = new Thread(Loop) { IsBackground = true, Name = "scripted-udp-peer" };
        _thread.Start();
    }

    public IPEndPoint EndPoint { get; }

    public SipHop Hop => new(EndPoint, SipTransportKind.Udp);

    /// <summary>Requests received, retransmissions included.</summary>
    public IReadOnlyList<SipRequest> Received => [.. _received];

    /// <summary>Distinct requests received (retransmissions counted once), by CSeq.</summary>
    public int DistinctRequests => _received.Select(r => r.Headers.Get("CSeq")).Distinct().Count();

    /// <summary>Waits (real time) until <paramref name="condition"/> holds; false after <paramref name="timeout"/>.</summary>
    public static bool WaitUntil(Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(5));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            Thread.Sleep(10);
        }

        return true;
    }

    private void Loop()
    {
        var buffer = new byte[65536];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        while (!_stopped)
        {
            int n;
            try
            {
                n = _socket.ReceiveFrom(buffer, ref from);
            }
            catch (SocketException)
            {
                continue;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            if (SipParser.Parse(buffer.AsSpan(0, n), isStream: false).Message is not SipRequest request)
            {
                continue;
            }

            _received.Enqueue(request);
            if (_answer is null || request.Method == "ACK")
            {
                continue;
            }

            var response =
                $"SIP/2.0 {_answer}\r\n" +
                $"Via: {request.Headers.Get("Via")}\r\n" +
                $"From: {request.Headers.Get("From")}\r\n" +
                $"To: {request.Headers.Get("To")};tag=scripted\r\n" +
                $"Call-ID: {request.Headers.Get("Call-ID")}\r\n" +
                $"CSeq: {request.Headers.Get("CSeq")}\r\n" +
                "Content-Length: 0\r\n\r\n";
            try
            {
                _socket.SendTo(Encoding.UTF8.GetBytes(response), from);
            }
            catch (SocketException)
            {
                // The stack under test went away: nothing to answer.
            }
        }
    }

    public void Dispose()
    {
        _stopped = true;
        _thread.Join();
        _socket.Dispose();
    }
}
