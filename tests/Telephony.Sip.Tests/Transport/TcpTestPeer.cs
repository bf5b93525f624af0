using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Telephony.Sip.Tests.Transport;

/// <summary>A raw TCP client on loopback for driving the stack's stream framing byte for byte.</summary>
internal sealed class TcpTestPeer : IDisposable
{
    private readonly Socket _socket;
    private readonly StringBuilder _received = new();

    public TcpTestPeer(IPEndPoint server, IPAddress? from = null)
    {
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        if (from is not null)
        {
            _socket.Bind(new IPEndPoint(from, 0));
        }

        _socket.Connect(server);
    }

    public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    /// <summary>An OPTIONS with a TCP Via naming this peer.</summary>
    public string Options(string callId) =>
        SipTestMessages.Request("OPTIONS", Port, "z9hG4bK-" + callId, callId).Replace("SIP/2.0/UDP", "SIP/2.0/TCP", StringComparison.Ordinal);

    public void Send(string text) => _socket.Send(Encoding.ASCII.GetBytes(text));

    /// <summary>Reads until <paramref name="responses"/> status lines arrived, the peer closed, or the time is up; returns how many arrived.</summary>
    public int ReadResponses(int responses, int timeoutMs = 3000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        var buffer = new byte[65536];
        while (Count() < responses && Environment.TickCount64 < deadline)
        {
            if (!_socket.Poll(TimeSpan.FromMilliseconds(50), SelectMode.SelectRead))
            {
                continue;
            }

            int n;
            try
            {
                n = _socket.Receive(buffer);
            }
            catch (SocketException)
            {
                break;
            }

            if (n == 0)
            {
                break;
            }

            _received.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }

        return Count();
    }

    /// <summary>True once the server closed (or reset) the connection, waiting up to <paramref name="timeoutMs"/>.</summary>
    public bool WaitClosed(int timeoutMs)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        var buffer = new byte[4096];
        while (Environment.TickCount64 < deadline)
        {
            if (!_socket.Poll(TimeSpan.FromMilliseconds(50), SelectMode.SelectRead))
            {
                continue;
            }

            try
            {
                if (_socket.Receive(buffer) == 0)
                {
                    return true;
                }
            }
            catch (SocketException)
            {
                return true;
            }
        }

        return false;
    }

    private int Count()
    {
        var text = _received.ToString();
        var count = 0;
        for (var i = text.IndexOf("SIP/2.0 ", StringComparison.Ordinal); i >= 0; i = text.IndexOf("SIP/2.0 ", i + 1, StringComparison.Ordinal))
        {
            if (i == 0 || text[i - 1] == '\n')
            {
                count++;
            }
        }

        return count;
    }

    public void Dispose() => _socket.Dispose();
}
