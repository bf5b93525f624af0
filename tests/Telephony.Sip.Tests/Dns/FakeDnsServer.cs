using System.Net;
using System.Net.Sockets;
using Telephony.Sip.Dns;

namespace Telephony.Sip.Tests.Dns;

/// <summary>
/// A UDP "name server" on loopback that answers each query with whatever datagrams the test scripts,
/// or with nothing at all, and remembers the queries it got.
/// </summary>
internal sealed class FakeDnsServer : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Func<DnsMessage, IEnumerable<byte[]>> _respond;
    private readonly List<DnsMessage> _queries = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public FakeDnsServer(Func<DnsMessage, IEnumerable<byte[]>> respond)
    {
        _respond = respond;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>A server that reads every query and never answers.</summary>
    public static FakeDnsServer Silent() => new(_ => []);

    public IPEndPoint EndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public IReadOnlyList<DnsMessage> Queries
    {
        get
        {
            lock (_queries)
            {
                return [.. _queries];
            }
        }
    }

    /// <summary>An answer to <paramref name="query"/> built by <paramref name="records"/>, with the query's id and question.</summary>
    public static byte[] Answer(DnsMessage query, int answers, Func<DnsPacketBuilder, DnsPacketBuilder> records, int rcode = 0,
        ushort? id = null, string? questionName = null)
    {
        var question = query.Questions[0];
        var builder = new DnsPacketBuilder(id ?? query.Id, DnsPacketBuilder.ResponseFlags(rcode), 1, answers)
            .Question(questionName ?? question.Name, (ushort)question.Type);
        return records(builder).Build();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends by its socket being closed under it.
        }

        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        var buffer = new byte[4096];
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
                if (!DnsMessage.TryParse(buffer.AsSpan(0, received.ReceivedBytes), out var query, out _))
                {
                    continue;
                }

                lock (_queries)
                {
                    _queries.Add(query);
                }

                foreach (var datagram in _respond(query))
                {
                    await _socket.SendToAsync(datagram, SocketFlags.None, received.RemoteEndPoint);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // A client gone before its answer: serve the next one (or stop, if disposing).
            }
        }
    }
}
