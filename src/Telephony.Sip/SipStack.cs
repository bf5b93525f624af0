using System.Net;
using Telephony.Sip.Dialogs;
using Telephony.Sip.Dispatch;
using Telephony.Sip.Dns;
using Telephony.Sip.Messages;
using Telephony.Sip.Security;
using Telephony.Sip.Transactions;
using Telephony.Sip.Transport;

namespace Telephony.Sip;

/// <summary>
/// The SIP user agent, put together from its parts: transports (<see cref="SipTransports"/>) feed
/// the dispatcher (<see cref="SipMessageDispatcher"/>: validation, transaction matching §17.2.3,
/// the UAS core), the admission checks (rate limits, bans, connection caps) run before parsing,
/// and the locator (<see cref="SipHopLocator"/>, RFC 3263) finds where our requests go. Calls
/// arrive at <see cref="CallHandler"/>.
/// </summary>
/// <remarks>
/// Receive threads run the whole path synchronously up to the call handler, which must not block
/// (it may start work there, up to its first asynchronous wait).
/// Thread-safe.
/// </remarks>
public sealed class SipStack : ISipMessageHandler, IDisposable
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(30);

    private readonly TimerQueue _timers;
    private readonly TransactionContext _context;
    private readonly LocalAddressResolver _addresses;
    private readonly SourceRateLimiter _limiter;
    private readonly SipTransports _transports;
    private readonly SipMessageDispatcher _dispatcher;
    private readonly SipHopLocator _locator;
    private readonly TransportLog _transportLog;
    private int _disposed;

    public SipStack(SipStackOptions options, TimeProvider? time = null)
    {
        Options = options;
        _timers = new TimerQueue(time ?? TimeProvider.System);
        _context = new TransactionContext(_timers, options.Timers, Stats, Transactions.Remove);
        _addresses = new LocalAddressResolver(options.AdvertisedAddress);
        _limiter = new SourceRateLimiter(options.Security, _timers.Time, options.Log);
        _transportLog = new TransportLog(_timers.Time, options.Log, Stats);
        _transports = new SipTransports(options);
        _dispatcher = new SipMessageDispatcher(options, Stats, Transactions, _context, new UasCore(this));
        _locator = new SipHopLocator(options, _timers.Time);
        Registrar = options.Registrar is { } registrar ? new Registration.Registrar(registrar, _timers.Time, options.Log) : null;
        _timers.Schedule(SweepInterval, static s => ((SipStack)s!).Sweep(), this);
    }

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

    public IPEndPoint? UdpEndPoint => _transports.UdpEndPoint;

    public IPEndPoint? TcpEndPoint => _transports.TcpEndPoint;

    public IPEndPoint? TlsEndPoint => _transports.TlsEndPoint;

    internal TransactionContext Context => _context;

    internal TimerQueue Timers => _timers;

    /// <summary>Binds the transports. With port 0, UDP picks a free port and TCP takes the same number.</summary>
    public void Start() => _transports.Start(this);

    public bool AcceptFrom(IPEndPoint source)
    {
        if (_limiter.Allow(source.Address))
        {
            return true;
        }

        Stats.RateLimit();
        return false;
    }

    /// <summary>
    /// Counts one misdeed of <paramref name="source"/> that costs us more than a request does (a
    /// 2xx never ACKed); at <paramref name="threshold"/> within a minute the source is banned like
    /// a rate offender, with one <c>SECURITY ban ... reason=REASON</c> line. Trusted networks are exempt.
    /// </summary>
    public bool Strike(IPAddress source, string reason, int threshold) => _limiter.Strike(source, reason, threshold);

    public bool AcceptConnection(IPEndPoint source, int openFromSameAddress)
    {
        if (openFromSameAddress < Options.Security.MaxConnectionsPerAddress || _limiter.IsTrusted(source.Address))
        {
            return true;
        }

        _transportLog.Refused(source, openFromSameAddress);
        return false;
    }

    public void OnConnectionOverCapacity(IPEndPoint source, int open, int cap) => _transportLog.OverCapacity(open, cap);

    public void OnMessageTimeout(IPEndPoint source, TimeSpan timeout) => _transportLog.MessageTimeout(source, timeout);

    public void OnReceiveError(Exception error, SipTransportKind transport, IPEndPoint? source) => _transportLog.ReceiveError(error, transport, source);

    public void OnAcceptError(Exception error, SipTransportKind transport, TimeSpan backoff) => _transportLog.AcceptError(error, transport, backoff);

    public void OnMessage(SipMessage message, SipSource source) => _dispatcher.OnMessage(message, source);

    public void OnInvalid(in SipParseResult result, SipSource source) => _dispatcher.OnInvalid(result, source);

    private void Sweep()
    {
        _limiter.Sweep();
        Registrar?.Sweep();
        _timers.Schedule(SweepInterval, static s => ((SipStack)s!).Sweep(), this);
    }

    /// <summary>Where our requests and Contact say we are, for a peer reached through <paramref name="source"/>.</summary>
    public IPEndPoint LocalEndPointFor(SipSource source)
    {
        var listening = source.Sender.LocalEndPoint;
        return new IPEndPoint(_addresses.For(source.Remote.Address, listening.Address), listening.Port);
    }

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
    /// <remarks>
    /// Each failover is one log line, what failed and what comes next:
    /// <c>call to URI via HOP failed: REASON; trying HOP</c>, or <c>...; no more addresses</c>.
    /// </remarks>
    public async Task<OutgoingCallResult> InviteAnyAsync(OutgoingCallOptions options, IReadOnlyList<SipHop> hops, CancellationToken cancel = default)
    {
        OutgoingCallResult? last = null;
        for (var i = 0; i < hops.Count; i++)
        {
            var hop = hops[i];
            last = await InviteAsync(options with { Destination = hop.EndPoint, Transport = hop.Transport }, cancel).ConfigureAwait(false);
            if (last.Answered || last.Status is not (408 or 503) || cancel.IsCancellationRequested)
            {
                return last;
            }

            var next = i + 1 < hops.Count ? $"trying {hops[i + 1]}" : "no more addresses";
            Options.Log?.Invoke($"call to {options.RequestUri} via {hop} failed: {Describe(last)}; {next}");
        }

        return last ?? new OutgoingCallResult(null, 503, "no address to send the call to", null);
    }

    /// <summary>A received answer as "503 Service Unavailable"; one we made up (timeout, transport error) as its words alone.</summary>
    private static string Describe(OutgoingCallResult result) =>
        result.Response is { } r ? $"{r.StatusCode} {r.ReasonPhrase}" : result.Reason;

    /// <inheritdoc cref="SipTransports.SenderForAsync"/>
    internal Task<(ISipSender? Sender, string? Error)> SenderForAsync(SipTransportKind transport, IPEndPoint destination, string? serverName, CancellationToken cancel) =>
        _transports.SenderForAsync(transport, destination, serverName, cancel);

    /// <summary>
    /// Where to send a request for <paramref name="uri"/> (RFC 3263 §4): its transport from the
    /// URI (sips → TLS, ;transport=), addresses in preference order (DNS SRV, then A/AAAA);
    /// empty when the host has no address or DNS does not answer.
    /// </summary>
    public Task<IReadOnlyList<SipHop>> LocateAsync(Headers.SipUri uri, CancellationToken cancel) => _locator.LocateAsync(uri, cancel);

    /// <summary>The transport a URI asks for: sips means TLS, else its transport parameter, else UDP.</summary>
    public static SipTransportKind TransportOf(Headers.SipUri uri) => SipHopLocator.TransportOf(uri);

    /// <summary>Sends an in-dialog request through a new client transaction.</summary>
    internal Task<SipResponse?> SendInDialogAsync(SipRequest request, SipDialog dialog) =>
        SendNonInviteAsync(request, _transports.InDialogSender(dialog.Source.Sender), dialog.Destination());

    /// <summary>Sends a request through a new non-INVITE client transaction; completes with its final response or null.</summary>
    internal Task<SipResponse?> SendNonInviteAsync(SipRequest request, ISipSender sender, IPEndPoint destination) =>
        StartNonInvite(request, sender, destination).Completion;

    /// <summary>Like <see cref="SendNonInviteAsync"/>, giving the transaction, whose <see cref="NonInviteClientTransaction.Failure"/> says why no response came.</summary>
    internal NonInviteClientTransaction StartNonInvite(SipRequest request, ISipSender sender, IPEndPoint destination)
    {
        var tx = new NonInviteClientTransaction(_context, TransactionKeys.ForClient(request.TopVia!.Branch!, request.Method), request, sender, destination);
        Transactions.Add(tx);
        tx.Start();
        return tx;
    }

    /// <summary>
    /// Retransmits a 2xx to INVITE until its ACK arrives (RFC 3261 §13.3.1.4): T1 doubling to T2
    /// over UDP; after 64·T1 without ACK the dialog is ended with BYE.
    /// </summary>
    internal void RetransmitUntilAcked(SipDialog dialog, byte[] response, IPEndPoint target, Func<bool>? acked = null) =>
        TwoHundredRetransmission.Start(_timers, Options, Stats, dialog, response, target, acked ?? (() => dialog.Acked.IsCompleted));

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _transports.Dispose();
        _timers.Dispose();
    }
}
