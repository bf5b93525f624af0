using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Telephony.Sip.Dns;

/// <summary>
/// A stub resolver: asks the configured name servers over UDP, falls back to TCP when the answer
/// is truncated, follows CNAMEs and caches answers by TTL. Thread-safe.
/// </summary>
/// <remarks>
/// Each try uses a fresh socket on a random port and a random query id, and only a reply whose id
/// and question match the query is believed (RFC 5452): anything else is ignored while waiting.
/// SERVFAIL and REFUSED move on to the next server; NXDOMAIN and empty answers are answers.
/// </remarks>
public sealed class DnsClient
{
    private const int MaxCNameHops = 8;
    private const int MaxDatagram = ushort.MaxValue;

    private readonly DnsClientOptions _options;
    private readonly DnsCache _cache;

    public DnsClient(DnsClientOptions? options = null)
    {
        _options = options ?? new DnsClientOptions();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_options.Timeout, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.Attempts, 1, nameof(options));
        Servers = _options.Servers is { Count: > 0 } servers ? [.. servers] : ResolvConf.ReadNameServers(_options.ResolvConfPath);
        _cache = new DnsCache(_options.TimeProvider, _options.MaxCacheEntries);
    }

    /// <summary>The name servers asked, in order.</summary>
    public IReadOnlyList<IPEndPoint> Servers { get; }

    /// <summary>
    /// The records of <paramref name="type"/> for <paramref name="name"/>, from the cache or the servers.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not a valid DNS name.</exception>
    /// <exception cref="DnsException">No server gave a usable answer within the tries.</exception>
    public async Task<DnsAnswer> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var owner = DnsName.TrimDot(name);
        if (!DnsName.IsValid(owner))
        {
            throw new ArgumentException($"'{name}' is not a valid DNS name.", nameof(name));
        }

        if (_cache.TryGet(owner, type, out var cached))
        {
            return cached;
        }

        var current = owner;
        var ttl = uint.MaxValue;
        for (var hop = 0; hop <= MaxCNameHops; hop++)
        {
            var reply = await ExchangeAsync(new DnsQuestion(current, type), cancellationToken).ConfigureAwait(false);
            var (records, end, chainTtl) = FollowChain(reply.Answers, current, type);
            ttl = Math.Min(ttl, chainTtl);

            // A chain that leaves this server's answer without reaching the records is asked about at its end;
            // otherwise (records, NXDOMAIN, or nothing more to follow) this is the answer.
            if (records.Count > 0 || reply.ResponseCode == DnsResponseCode.NameError || DnsName.AreEqual(end, current))
            {
                var answer = new DnsAnswer(owner, type, reply.ResponseCode, records);
                _cache.Add(answer, records.Count > 0 ? Min(TimeSpan.FromSeconds(ttl), _options.MaxCacheTtl) : _options.NegativeCacheTtl);
                return answer;
            }

            current = end;
        }

        throw new DnsException($"The CNAME chain of {name} is longer than {MaxCNameHops} links.", DnsFailure.BadReply);
    }

    /// <summary>
    /// Walks the CNAMEs in <paramref name="answers"/> from <paramref name="start"/>: the records of
    /// <paramref name="type"/> found at the end, the name the walk ended on, and the lowest TTL on the way.
    /// </summary>
    private static (List<DnsRecord> Records, string End, uint Ttl) FollowChain(IReadOnlyList<DnsRecord> answers,
        string start, DnsRecordType type)
    {
        var owner = start;
        var ttl = uint.MaxValue;
        for (var hop = 0; hop <= MaxCNameHops; hop++)
        {
            var records = answers.Where(r => r.Type == type && DnsName.AreEqual(r.Name, owner)).ToList();
            if (records.Count > 0)
            {
                return (records, owner, Math.Min(ttl, records.Min(r => r.TimeToLive)));
            }

            var alias = answers.OfType<DnsCNameRecord>().FirstOrDefault(r => DnsName.AreEqual(r.Name, owner));
            if (alias is null)
            {
                break;
            }

            ttl = Math.Min(ttl, alias.TimeToLive);
            owner = alias.Target;
        }

        return ([], owner, ttl);
    }

    /// <summary>Asks each server in turn, for <see cref="DnsClientOptions.Attempts"/> rounds, until one answers.</summary>
    private async Task<DnsMessage> ExchangeAsync(DnsQuestion question, CancellationToken cancellationToken)
    {
        DnsException? last = null;
        for (var attempt = 0; attempt < _options.Attempts; attempt++)
        {
            foreach (var server in Servers)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    var reply = await AskAsync(server, question, cancellationToken).ConfigureAwait(false);
                    if (reply.ResponseCode is DnsResponseCode.NoError or DnsResponseCode.NameError)
                    {
                        return reply;
                    }

                    last = new DnsException($"{server} answered {reply.ResponseCode} for {question.Name} {question.Type}.",
                        DnsFailure.ServerError, reply.ResponseCode);
                }
                catch (DnsException e)
                {
                    last = e;
                }
            }
        }

        throw last ?? new DnsException("No name server is configured.", DnsFailure.NetworkError);
    }

    /// <summary>One try at one server: UDP, then TCP if the UDP answer was truncated.</summary>
    private async Task<DnsMessage> AskAsync(IPEndPoint server, DnsQuestion question, CancellationToken cancellationToken)
    {
        var id = (ushort)RandomNumberGenerator.GetInt32(0, ushort.MaxValue + 1);
        var query = new byte[DnsMessage.MaxUdpSize];
        DnsMessage.TryWriteQuery(query, id, question, recursionDesired: true, out var length);
        var request = query.AsMemory(0, length);

        var transport = "UDP";
        try
        {
            var reply = await WithTimeoutAsync(t => UdpExchangeAsync(server, request, id, question, t), cancellationToken)
                .ConfigureAwait(false);
            if (!reply.IsTruncated)
            {
                return reply;
            }

            transport = "TCP";
            return await WithTimeoutAsync(t => TcpExchangeAsync(server, request, id, question, t), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DnsException($"{server} did not answer {question.Name} {question.Type} over {transport} within {_options.Timeout}.",
                DnsFailure.Timeout);
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            throw new DnsException($"Asking {server} for {question.Name} {question.Type} over {transport} failed: {e.Message}",
                DnsFailure.NetworkError, innerException: e);
        }
    }

    private async Task<DnsMessage> WithTimeoutAsync(Func<CancellationToken, Task<DnsMessage>> exchange,
        CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.Timeout, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        return await exchange(linked.Token).ConfigureAwait(false);
    }

    private static async Task<DnsMessage> UdpExchangeAsync(IPEndPoint server, ReadOnlyMemory<byte> query, ushort id,
        DnsQuestion question, CancellationToken cancellationToken)
    {
        // A connected socket only takes datagrams from the server, and reports its port unreachable as an error.
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        await socket.ConnectAsync(server, cancellationToken).ConfigureAwait(false);
        await socket.SendAsync(query, SocketFlags.None, cancellationToken).ConfigureAwait(false);

        // Room for any datagram: a server that ignores the 512-octet limit is still understood.
        var buffer = ArrayPool<byte>.Shared.Rent(MaxDatagram);
        try
        {
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                if (DnsMessage.TryParse(buffer.AsSpan(0, received), out var reply, out _) && IsReplyTo(reply, id, question))
                {
                    return reply;
                }

                // Stale, forged or garbled: keep listening for the real answer until the timeout.
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task<DnsMessage> TcpExchangeAsync(IPEndPoint server, ReadOnlyMemory<byte> query, ushort id,
        DnsQuestion question, CancellationToken cancellationToken)
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server, cancellationToken).ConfigureAwait(false);
        using var stream = new NetworkStream(socket, ownsSocket: false);

        // RFC 1035 §4.2.2: over TCP each message is preceded by its length in two octets.
        var framed = new byte[2 + query.Length];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)query.Length);
        query.CopyTo(framed.AsMemory(2));
        await stream.WriteAsync(framed, cancellationToken).ConfigureAwait(false);

        var prefix = new byte[2];
        await stream.ReadExactlyAsync(prefix, cancellationToken).ConfigureAwait(false);
        var body = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
        await stream.ReadExactlyAsync(body, cancellationToken).ConfigureAwait(false);

        if (!DnsMessage.TryParse(body, out var reply, out var error))
        {
            throw new DnsException($"{server} sent a malformed answer over TCP: {error}.", DnsFailure.BadReply);
        }

        return IsReplyTo(reply, id, question)
            ? reply
            : throw new DnsException($"{server} answered another question over TCP.", DnsFailure.BadReply);
    }

    private static bool IsReplyTo(DnsMessage reply, ushort id, DnsQuestion question) =>
        reply.IsResponse
        && reply.Id == id
        && reply.OperationCode == 0
        && reply.Questions.Count == 1
        && reply.Questions[0].Type == question.Type
        && reply.Questions[0].Class == question.Class
        && DnsName.AreEqual(reply.Questions[0].Name, question.Name);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
