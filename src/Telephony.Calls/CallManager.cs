using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Telephony.Calls.Cdr;
using Telephony.Calls.Control;
using Telephony.Calls.Events;
using Telephony.Calls.Flows;
using Telephony.Calls.Outbound;
using Telephony.Calls.Screening;
using Telephony.Calls.Signalling;
using Telephony.Media.Codecs;
using Telephony.Media.Rtp;
using Telephony.Sdp.Negotiation;
using Telephony.Sip;
using Telephony.Sip.Dialogs;

namespace Telephony.Calls;

/// <summary>
/// The server's call legs: turns incoming INVITEs into calls running a flow, places outbound legs
/// (<see cref="ICallControl"/>), bridges legs, and lists them (<see cref="ICallRegistry"/>).
/// </summary>
/// <remarks>
/// Inbound calls start on SIP receive threads: SDP is negotiated, an RTP socket rented and the flow
/// started there, which runs on until its first wait (for the demo flow: the 200 OK is sent, then it
/// waits for the ACK) and continues on the thread pool. Flows must therefore never block
/// synchronously. Starting inline saves a thread hand-off per call, measurable at a thousand calls
/// a second. Every INVITE it is handed, and every leg it places, leaves exactly one CDR, including
/// the ones it rejects. Thread-safe. Split: registry and control (CallManager.Control.cs),
/// outbound legs and bridged transfers (CallManager.Outbound.cs).
/// </remarks>
public sealed partial class CallManager : ISipCallHandler, IAsyncDisposable
{
    private readonly CallServices _services;
    private readonly ICallFlows _flows;
    private readonly IDialRoutes? _routes;
    private readonly ConcurrentDictionary<Call, byte> _calls = new();
    private long _sessionVersion;
    private volatile bool _stopping;

    /// <param name="routes">Where numbers go (the trunks); null when only SIP URIs can be dialled.</param>
    public CallManager(CallServices services, ICallFlows flows, IDialRoutes? routes = null)
    {
        _services = services;
        _flows = flows;
        _routes = routes;
    }

    /// <summary>One flow for every call (the demo flow, tests).</summary>
    public CallManager(CallServices services, Func<ICall, Task> flow)
        : this(services, new DelegateFlows(flow))
    {
    }

    /// <summary>The SIP stack outbound legs are placed with; without one, <see cref="Originate"/> and bridged transfers fail.</summary>
    public SipStack? Sip { get; set; }

    public int ActiveCalls => _calls.Count;

    public void OnIncomingCall(IncomingCall incoming)
    {
        var startedAt = _services.Time.GetUtcNow();
        if (_stopping)
        {
            Reject(incoming, startedAt, 503, "shutting-down");
            return;
        }

        if (InviteScreening.Check(incoming.Invite, out var offer) is { } rejection)
        {
            _services.CallLog?.Invoke($"call {incoming.CallId}: refused {rejection.Status}: {rejection.Reason}");
            Reject(incoming, startedAt, rejection.Status, rejection.Cause, rejection.Headers);
            return;
        }

        // Limits first: a refused INVITE must not take an RTP port, even for a moment.
        CallAdmission.Admission? admission = null;
        if (_services.Admission is { } limits && (admission = limits.TryAdmit(incoming.Source.Remote.Address, out var refusedBy)) is null)
        {
            _services.CallLog?.Invoke($"call {incoming.CallId}: refused 503: {refusedBy} (from {incoming.Source.Remote.Address})");
            Reject(incoming, startedAt, 503, refusedBy!, [new Sip.Messages.SipHeader("Retry-After", "5")]);
            return;
        }

        var localAddress = incoming.LocalAddress;
        var rtp = BindRtp(localAddress, out var port);
        if (rtp is null)
        {
            admission?.Release();
            Reject(incoming, startedAt, 503, "no-rtp-port");
            return;
        }

        var answerOptions = AnswerOptions(localAddress, port, startedAt);
        var signalling = new InboundSignalling(incoming);
        if (offer is null)
        {
            // Delayed offer: our 2xx carries the offer; the call reads the answer from the ACK.
            var ours = OfferBuilder.Offer(answerOptions);
            var lateCall = new Call(signalling, _services, null, Encoding.ASCII.GetBytes(ours.ToString()), rtp, startedAt, answerOptions) { Dialer = this, Admission = admission };
            _services.CallLog?.Invoke($"call {incoming.CallId}: from {incoming.From.Uri} to {incoming.To.Uri}, delayed offer, rtp port {port}");
            Start(lateCall);
            return;
        }

        var result = OfferAnswer.Answer(offer, answerOptions);
        if (!result.Success)
        {
            _ = ReleaseAsync(rtp);
            admission?.Release();
            _services.Log?.Invoke($"call {incoming.CallId}: {result.FailureReason}");
            Reject(incoming, startedAt, result.FailureStatus, "no-common-codec");
            return;
        }

        var audio = result.Audio!;
        rtp.Configure(Call.RemoteMedia(audio), AudioEncodings.FromSdpName(audio.EncodingName),
            audio.PayloadType, audio.TelephoneEventPayloadType, audio.PtimeMs, incoming.Source.Remote.Address, audio.ComfortNoisePayloadType);
        var call = new Call(signalling, _services, audio, Encoding.ASCII.GetBytes(result.Answer!.ToString()), rtp, startedAt, answerOptions) { Dialer = this, Admission = admission };
        _services.CallLog?.Invoke($"call {incoming.CallId}: from {incoming.From.Uri} to {incoming.To.Uri}, {audio.EncodingName}, rtp port {port} <-> {audio.RemoteAddress}:{audio.RemotePort}" +
                              (audio.TelephoneEventPayloadType is null ? ", DTMF by SIP INFO" : ", DTMF by RFC 4733"));
        Start(call);
    }

    private void Start(Call call)
    {
        // The intent before the side effect: the row is queued before the flow can answer, so a
        // crash once the 200 OK is out leaves the call on record (the writer commits it within its
        // batching window; the receive thread never waits for the disk).
        _ = _services.Cdrs.OpenAsync(call.Opening());
        Register(call);
        _ = RunAsync(call, new CallFlowRequest(call, call, CallDirection.Inbound));
    }

    private AnswerOptions AnswerOptions(IPAddress localAddress, int port, DateTimeOffset startedAt) => new()
    {
        LocalAddress = localAddress.ToString(),
        LocalPort = port,
        SessionId = startedAt.ToUnixTimeMilliseconds(),
        SessionVersion = Interlocked.Increment(ref _sessionVersion),
    };

    /// <summary>A session on a pooled socket (bound once, kept between calls); null when no port is left.</summary>
    private RtpSession? BindRtp(IPAddress localAddress, out int port)
    {
        var family = localAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? System.Net.Sockets.AddressFamily.InterNetworkV6
            : System.Net.Sockets.AddressFamily.InterNetwork;
        if (_services.Sockets.Rent(family, _services.Log) is not { } socket)
        {
            port = 0;
            return null;
        }

        port = socket.Port;
        return new RtpSession(new RtpSessionOptions
        {
            // RTCP binds the port above on the same address as RTP (the configured RTP bind address).
            LocalAddress = socket.LocalAddress,
            LocalPort = port,
            RemoteEndPoint = new IPEndPoint(localAddress, 9),
            RtpTimeout = _services.RtpTimeoutSeconds > 0 ? TimeSpan.FromSeconds(_services.RtpTimeoutSeconds) : null,
        }, _services.Clock, socket);
    }

    private async Task ReleaseAsync(RtpSession rtp)
    {
        await rtp.DisposeAsync();
        _services.Sockets.Return(rtp.Socket);
    }

    /// <summary>Runs the leg's flow (none for a bridge's target leg), keeps it while a bridge holds it, then writes its record.</summary>
    private async Task RunAsync(Call call, CallFlowRequest? flow)
    {
        try
        {
            if (flow is not null)
            {
                await _flows.RunAsync(flow);
            }
        }
        catch (CallEndedException)
        {
            // The caller hung up or cancelled mid-flow (or a bridge took the leg): the outcome is already recorded.
        }
        catch (OperationCanceledException) when (call.Ended.IsCancellationRequested)
        {
            // Same as above, surfacing from a cancelled wait.
        }
#pragma warning disable CA1031 // A failing flow ends its call with a logged cause; it must never take the server down.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _services.Log?.Invoke($"call {call.CallId}: flow failed: {e}");
            await call.HangupAsync("flow-error");
        }
        finally
        {
            if (flow is null || call.IsBridged)
            {
                // A bridged leg lives until a party hangs up, whatever its flow did.
                await call.WhenEndedAsync();
            }

            await call.DisposeAsync();
            Unregister(call);
            if (call.Admission is { } admitted)
            {
                admitted.Release();
                StrikeIfNeverAcked(call, admitted.Source);
            }
        }
    }

    private void Reject(IncomingCall incoming, DateTimeOffset startedAt, int status, string cause, IReadOnlyList<Sip.Messages.SipHeader>? headers = null)
    {
        incoming.Reject(status, null, [.. headers ?? []]);
        var record = new CallDetailRecord(
            incoming.CallId, incoming.From.Uri, incoming.To.Uri, startedAt, null, _services.Time.GetUtcNow(),
            CallEndedBy.Server, cause, status, string.Empty, null);
        _services.Cdrs.Write(record);
        if (_services.Events is { } events)
        {
            events.Publish(CallEventType.Started, incoming.CallId, CallEventData.Started(CallDirection.Inbound, record.From, record.To));
            events.Publish(CallEventType.Ended, incoming.CallId, CallEventData.Ended(record));
        }
    }

    /// <summary>Stops taking calls, hangs up the ones in progress and waits for their records.</summary>
    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        await Task.WhenAll(_calls.Keys.Select(c => c.EndAsync(CallEndedBy.Server, "shutdown")));
        var deadline = _services.Time.GetUtcNow() + TimeSpan.FromSeconds(10);
        while (!_calls.IsEmpty && _services.Time.GetUtcNow() < deadline)
        {
            await Task.Delay(20);
        }
    }
}
