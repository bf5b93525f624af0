using System.Net;
using Telephony.Sip.Dialogs;
using Telephony.Sip.Messages;
using Telephony.Sip.Security;
using Telephony.Sip.Transactions;
using Telephony.Sip.Transport;

namespace Telephony.Sip;

/// <summary>
/// The SIP user agent: transports feed it, it validates, matches transactions (§17.2.3) and hands
/// new requests to the UAS core; calls arrive at <see cref="CallHandler"/>.
/// </summary>
/// <remarks>
/// Receive threads run the whole path synchronously up to the call handler, which must not block
/// (it may start work there, up to its first asynchronous wait).
/// Thread-safe.
/// </remarks>
public sealed class SipStack : ISipMessageHandler, IDisposable
{
    private readonly TimerQueue _timers;
    private readonly TransactionContext _context;
    private readonly UasCore _uas;
    private readonly LocalAddressResolver _addresses;
    private readonly SourceRateLimiter _limiter;
    private readonly ScannerFilter _scanners;
    private readonly Lazy<Dns.SipServerLocator> _locator;
    private UdpTransport? _udp;
    private TcpTransport? _tcp;
    private TcpTransport? _tls;
    private int _disposed;

    public SipStack(SipStackOptions options, TimeProvider? time = null)
    {
        Options = options;
        _timers = new TimerQueue(time ?? TimeProvider.System);
        _context = new TransactionContext(_timers, options.Timers, Stats, Transactions.Remove);
        _uas = new UasCore(this);
        _addresses = new LocalAddressResolver(options.AdvertisedAddress);
        _limiter = new SourceRateLimiter(options.Security, _timers.Time, options.Log);
        _scanners = new ScannerFilter(options.Security.ScannerUserAgents);
        _locator = new Lazy<Dns.SipServerLocator>(() => new Dns.SipServerLocator(
            new Dns.DnsClient(new Dns.DnsClientOptions { Servers = options.DnsServers, TimeProvider = _timers.Time })));
        Registrar = options.Registrar is { } registrar ? new Registration.Registrar(registrar, _timers.Time, options.Log) : null;
        _timers.Schedule(SweepInterval, static s => ((SipStack)s!).Sweep(), this);
    }

    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(30);

    /// <summary>Bans issued by the per-source rate limit since start.</summary>
    public long Bans => _limiter.Bans;

    public SipStackOptions Options { get; }

    public SipStats Stats { get; } = new();

    public TransactionTable Transactions { get; } = new();

    public DialogTable Dialogs { get; } = new();

    /// <summary>Pending timers (retransmissions, transaction lifetimes); for leak checks.</summary>
    public int PendingTimers => _timers.Count;

    public ISipCallHandler? CallHandler { get; set; }

    /// <summary>The registrar for our users, when configured.</summary>
    public Registration.Registrar? Registrar { get; }

    public IPEndPoint? UdpEndPoint => _udp?.LocalEndPoint;

    public IPEndPoint? TcpEndPoint => _tcp?.LocalEndPoint;

    public IPEndPoint? TlsEndPoint => _tls?.LocalEndPoint;

    /// <summary>Binds the transports. With port 0, UDP picks a free port and TCP takes the same number.</summary>
    public void Start()
    {
        var port = Options.Port;
        if (Options.EnableUdp)
        {
            _udp = new UdpTransport(new IPEndPoint(Options.BindAddress, port), this, Options.Limits);
            port = _udp.LocalEndPoint.Port;
        }

        if (Options.EnableTcp)
        {
            _tcp = new TcpTransport(new IPEndPoint(Options.BindAddress, port), this, Options.Limits, Options.Security.ConnectionIdleTimeout);
            _tcp.Start();
        }

        if (Options.TlsCertificate is { } certificate)
        {
            _tls = new TcpTransport(new IPEndPoint(Options.BindAddress, Options.TlsPort), this, Options.Limits, Options.Security.ConnectionIdleTimeout, certificate);
            _tls.Start();
        }

        _udp?.Start(Options.UdpReceiveLoops);
    }

    public bool AcceptFrom(IPEndPoint source)
    {
        if (_limiter.Allow(source.Address))
        {
            return true;
        }

        Stats.RateLimit();
        return false;
    }

    public bool AcceptConnection(IPEndPoint source, int openFromSameAddress)
    {
        if (openFromSameAddress < Options.Security.MaxConnectionsPerAddress || _limiter.IsTrusted(source.Address))
        {
            return true;
        }

        Stats.ConnectionRefused();
        Options.Log?.Invoke($"SECURITY refuse ip={source.Address} reason=too-many-connections open={openFromSameAddress}");
        return false;
    }

    private void Sweep()
    {
        _limiter.Sweep();
        Registrar?.Sweep();
        _timers.Schedule(SweepInterval, static s => ((SipStack)s!).Sweep(), this);
    }

    public void OnMessage(SipMessage message, SipSource source)
    {
        if (message is SipResponse response)
        {
            OnResponse(response);
            return;
        }

        var request = (SipRequest)message;
        Stats.RequestReceived();
        if (TooManyHops(request))
        {
            Stats.Dropped();
            return;
        }

        if (_scanners.IsScanner(request))
        {
            Stats.Scanner();
            Options.Log?.Invoke($"SECURITY scanner ip={source.Remote.Address} user_agent=\"{SanitizeReason(request.Headers.Get(HeaderNames.UserAgent) ?? string.Empty)}\"");
            return;
        }

        if (SipMessageValidator.Validate(request) is { } error)
        {
            RejectInvalid(request, source, error.Status, error.Reason);
            return;
        }

        StampVia(request, source);
        var key = TransactionKeys.ForServer(request);
        if (request.Method == "ACK")
        {
            if (Transactions.FindServer(key) is InviteServerTransaction invite && invite.OnAck())
            {
                return;
            }

            _uas.OnAck(request);
            return;
        }

        if (Transactions.FindServer(key) is { } existing)
        {
            existing.OnRetransmission();
            return;
        }

        ServerTransaction tx = request.Method == "INVITE"
            ? new InviteServerTransaction(_context, key, request, source)
            : new NonInviteServerTransaction(_context, key, request, source);
        var winner = Transactions.GetOrAdd(tx);
        if (!ReferenceEquals(winner, tx))
        {
            winner.OnRetransmission();
            return;
        }

        if (!Transactions.TryClaimMerge(tx))
        {
            // §8.2.2.2: the same request reached us again by another path (a forking loop).
            tx.SendResponse(SipResponse.Create(request, 482, null, SipIds.NewTag()));
            return;
        }

        try
        {
            _uas.OnRequest(tx);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug in request handling must cost this request, not the receive loop.
            Options.Log?.Invoke($"error handling {request.Method} {request.CallId}: {e}");
            tx.SendResponse(SipResponse.Create(request, 500, null, SipIds.NewTag()));
        }
    }

    public void OnInvalid(in SipParseResult result, SipSource source)
    {
        if (result.Message is SipRequest request && !TooManyHops(request))
        {
            Stats.RequestReceived();
            RejectInvalid(request, source, result.SuggestedStatus, result.Error ?? "Bad Request");
            return;
        }

        Stats.Dropped();
        Options.Log?.Invoke($"dropped unparseable input from {source.Remote}: {result.Error}");
    }

    /// <summary>Where our requests and Contact say we are, for a peer reached through <paramref name="source"/>.</summary>
    public IPEndPoint LocalEndPointFor(SipSource source)
    {
        var listening = source.Sender.LocalEndPoint;
        return new IPEndPoint(_addresses.For(source.Remote.Address, listening.Address), listening.Port);
    }

    internal TransactionContext Context => _context;

    internal TimerQueue Timers => _timers;

    /// <summary>
    /// Places a call (UAC INVITE, RFC 3261 §13.2) over UDP, TCP or TLS: resolves with the dialog
    /// once a 2xx arrives, or with the failure. Cancelling the token sends CANCEL while it rings.
    /// </summary>
    public Task<OutgoingCallResult> InviteAsync(OutgoingCallOptions options, CancellationToken cancel = default) =>
        new OutgoingCall(this, options).RunAsync(cancel);

    /// <summary>
    /// Places a call through the first of <paramref name="hops"/> (a trunk's located addresses,
    /// best first) that takes it: on 408, 503 or a transport error the next one is tried
    /// (RFC 3263 §4.3). Any other answer, or cancellation, ends the attempt.
    /// </summary>
    public async Task<OutgoingCallResult> InviteAnyAsync(OutgoingCallOptions options, IReadOnlyList<SipHop> hops, CancellationToken cancel = default)
    {
        OutgoingCallResult? last = null;
        foreach (var hop in hops)
        {
            last = await InviteAsync(options with { Destination = hop.EndPoint, Transport = hop.Transport }, cancel).ConfigureAwait(false);
            if (last.Answered || last.Status is not (408 or 503) || cancel.IsCancellationRequested)
            {
                return last;
            }

            Options.Log?.Invoke($"call to {options.RequestUri} via {hop}: {last.Status} {last.Reason}; trying the next address");
        }

        return last ?? new OutgoingCallResult(null, 503, "no address to send the call to", null);
    }

    /// <summary>
    /// A sender for requests to <paramref name="destination"/>: the UDP socket, or a TCP/TLS
    /// connection (an open one reused, else a new one; TLS verifies the peer's certificate for
    /// <paramref name="serverName"/> against the system roots and <see cref="SipStackOptions.TlsTrustedRoots"/>).
    /// </summary>
    internal async Task<(ISipSender? Sender, string? Error)> SenderForAsync(SipTransportKind transport, IPEndPoint destination, string? serverName, CancellationToken cancel)
    {
        switch (transport)
        {
            case SipTransportKind.Udp:
                return _udp is null ? (null, "UDP is not enabled") : (_udp, null);
            case SipTransportKind.Tcp:
                return _tcp is null ? (null, "TCP is not enabled") : await _tcp.ConnectAsync(destination, null, cancel).ConfigureAwait(false);
            default:
                var owner = _tls ?? _tcp;
                if (owner is null)
                {
                    return (null, "neither TLS nor TCP is enabled");
                }

                return await owner.ConnectAsync(destination, TlsClient.Options(serverName ?? destination.Address.ToString(), Options.TlsTrustedRoots), cancel).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Where to send a request for <paramref name="uri"/> (RFC 3263 §4): its transport from the
    /// URI (sips → TLS, ;transport=), addresses in preference order (DNS SRV, then A/AAAA);
    /// empty when the host has no address or DNS does not answer.
    /// </summary>
    public async Task<IReadOnlyList<SipHop>> LocateAsync(Headers.SipUri uri, CancellationToken cancel)
    {
        var transport = TransportOf(uri);
        var host = Headers.HostPort.Unbracket(uri.Host);
        var port = uri.Port ?? (transport == SipTransportKind.Tls ? 5061 : 5060);
        if (IPAddress.TryParse(host, out var ip))
        {
            return [new SipHop(new IPEndPoint(ip, port), transport)];
        }

        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return [new SipHop(new IPEndPoint(IPAddress.Loopback, port), transport)];
        }

        if (Options.Locator is { } locator)
        {
            return await locator(host, uri.Port, transport, cancel).ConfigureAwait(false);
        }

        try
        {
            return await _locator.Value.LocateAsync(host, uri.Port, transport, cancel).ConfigureAwait(false);
        }
        catch (Dns.DnsException e)
        {
            // No answer from DNS is "no address now": callers fail over or retry later.
            Options.Log?.Invoke($"DNS: cannot locate {host} for {transport.ToString().ToLowerInvariant()}: {e.Message}");
            return [];
        }
    }

    /// <summary>The transport a URI asks for: sips means TLS, else its transport parameter, else UDP.</summary>
    public static SipTransportKind TransportOf(Headers.SipUri uri)
    {
        if (uri.Scheme.Equals("sips", StringComparison.OrdinalIgnoreCase))
        {
            return SipTransportKind.Tls;
        }

        return uri.Transport?.ToLowerInvariant() switch
        {
            "tcp" => SipTransportKind.Tcp,
            "tls" => SipTransportKind.Tls,
            _ => SipTransportKind.Udp,
        };
    }

    /// <summary>Sends an in-dialog request through a new client transaction.</summary>
    internal Task<SipResponse?> SendInDialogAsync(SipRequest request, SipDialog dialog)
    {
        var sender = dialog.Source.Sender;
        if (sender is TcpConnection { IsClosed: true } closed)
        {
            sender = _tcp?.Find(closed.Remote) ?? sender;
        }

        return SendNonInviteAsync(request, sender, dialog.Destination());
    }

    /// <summary>Sends a request through a new non-INVITE client transaction; completes with its final response or null.</summary>
    internal Task<SipResponse?> SendNonInviteAsync(SipRequest request, ISipSender sender, IPEndPoint destination)
    {
        var tx = new NonInviteClientTransaction(_context, TransactionKeys.ForClient(request.TopVia!.Branch!, request.Method), request, sender, destination);
        Transactions.Add(tx);
        tx.Start();
        return tx.Completion;
    }

    /// <summary>
    /// Retransmits a 2xx to INVITE until its ACK arrives (RFC 3261 §13.3.1.4): T1 doubling to T2
    /// over UDP; after 64·T1 without ACK the dialog is ended with BYE.
    /// </summary>
    internal void RetransmitUntilAcked(SipDialog dialog, byte[] response, IPEndPoint target, Func<bool>? acked = null)
    {
        var state = new TwoHundredRetransmission(this, dialog, response, target, Options.Timers.T1, acked ?? (() => dialog.Acked.IsCompleted));
        if (!dialog.Source.IsReliable)
        {
            _timers.Schedule(state.Interval, static s => ((TwoHundredRetransmission)s!).Resend(), state);
        }

        _timers.Schedule(Options.Timers.TransactionTimeout, static s => ((TwoHundredRetransmission)s!).GiveUp(), state);
    }

    private void OnResponse(SipResponse response)
    {
        Stats.ResponseReceived();
        var via = response.TopVia;
        var cseq = response.CSeq;
        if (via?.Branch is null || cseq is null)
        {
            Stats.Dropped();
            return;
        }

        var key = TransactionKeys.ForClient(via.Branch, cseq.Value.Method);
        if (cseq.Value.Method == "INVITE" && Transactions.FindInviteClient(key) is { } invite)
        {
            invite.Receive(response);
            return;
        }

        var tx = Transactions.FindClient(key);
        if (tx is null)
        {
            Stats.Stray();
            return;
        }

        tx.OnResponse(response);
    }

    private void RejectInvalid(SipRequest request, SipSource source, int status, string reason)
    {
        // §8.2: answer what can be answered; an ACK never gets a response, and without any Via
        // there is nobody to answer. A malformed Via still lets the 400 go back to the source
        // address; headers that are missing stay missing in the 400 (it copies what it has).
        if (request.Method == "ACK" || request.Headers.Get(HeaderNames.Via) is null)
        {
            Stats.Dropped();
            Options.Log?.Invoke($"dropped invalid {request.Method} from {source.Remote}: {reason}");
            return;
        }

        Stats.Answered();
        var response = SipResponse.Create(request, status, SanitizeReason(reason), SipIds.NewTag());
        source.Sender.Send(SipSerializer.Serialize(response), ResponseRouting.TargetFor(request, source));
    }

    /// <summary>
    /// More Via entries than the default Max-Forwards (70) allows hops: no real path is that long,
    /// and every response would echo them all back, so the request is dropped and counted.
    /// </summary>
    private static bool TooManyHops(SipRequest request) => request.Headers.GetValues(HeaderNames.Via).Count > MaxVias;

    private const int MaxVias = 70;

    private static string SanitizeReason(string reason) =>
        string.Concat(reason.Where(c => c >= ' ' && c != 0x7F));

    private static void StampVia(SipRequest request, SipSource source)
    {
        var via = request.TopVia!;
        var sourceIp = source.Remote.Address.ToString();
        if (!via.HasRPort && string.Equals(Headers.HostPort.Unbracket(via.Host), sourceIp, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        // RFC 3261 §18.2.1 and RFC 3581 §4: record where the request really came from.
        var headers = request.Headers;
        for (var i = 0; i < headers.Count; i++)
        {
            if (!string.Equals(headers[i].Name, HeaderNames.Via, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var values = new List<string>();
            HeaderValueSplitter.Split(headers[i].Value, values);
            values[0] = via.WithSource(sourceIp, source.Remote.Port).ToString();
            headers.Replace(i, string.Join(", ", values));
            return;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _udp?.Dispose();
        _tcp?.Dispose();
        _tls?.Dispose();
        _timers.Dispose();
    }

    /// <summary>The state of one 2xx retransmission schedule.</summary>
    private sealed class TwoHundredRetransmission(SipStack stack, SipDialog dialog, byte[] response, IPEndPoint target, TimeSpan interval, Func<bool> acked)
    {
        public TimeSpan Interval { get; private set; } = interval;

        public void Resend()
        {
            if (acked() || dialog.IsEnded)
            {
                return;
            }

            stack.Stats.Retransmitted();
            dialog.Source.Sender.Send(response, target);
            Interval = stack.Options.Timers.Backoff(Interval);
            stack._timers.Schedule(Interval, static s => ((TwoHundredRetransmission)s!).Resend(), this);
        }

        public void GiveUp()
        {
            if (acked() || dialog.IsEnded)
            {
                return;
            }

            stack.Stats.AckTimeout();
            stack.Options.Log?.Invoke($"no ACK for 200 OK of {dialog.CallId}; ending the dialog");
            _ = dialog.HangupAsync(DialogEndReason.AckTimeout);
        }
    }
}
