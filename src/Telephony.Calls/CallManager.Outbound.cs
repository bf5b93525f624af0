using System.Net;
using Telephony.Calls.Bridging;
using Telephony.Calls.Cdr;
using Telephony.Calls.Control;
using Telephony.Calls.Flows;
using Telephony.Calls.Outbound;
using Telephony.Calls.Playback;
using Telephony.Calls.Signalling;
using Telephony.Sip;

namespace Telephony.Calls;

/// <summary>Outbound legs: originate (a flow runs when answered, as on an inbound call) and the target leg of a bridged transfer.</summary>
public sealed partial class CallManager : ILegDialer
{
    /// <summary>How long an outbound leg may ring when the request names no timeout.</summary>
    public static readonly TimeSpan DefaultRingTimeout = TimeSpan.FromSeconds(60);

    public OriginatedCall Originate(OriginateRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Flow is { } flow && !_flows.CanRun(flow, out var error))
        {
            throw RequestError.Field("flow", error ?? $"unknown flow '{flow}'");
        }

        if (request.From is { Length: > 0 } from && !(DialTarget.IsSipUri(from) ? Telephony.Sip.Headers.SipUri.TryParse(from, out _) : DialTarget.Number(from) is not null))
        {
            throw RequestError.Field("from", $"'{from}' is neither a SIP URI nor a number");
        }

        if (request.RingTimeout is { } ring && (ring <= TimeSpan.Zero || ring > TimeSpan.FromMinutes(10)))
        {
            throw RequestError.Field("timeout", "the ring timeout must be between 1 s and 10 min");
        }

        var (call, task) = Dial(request.To, request.From, request.Trunk, request.RingTimeout ?? DefaultRingTimeout,
            answered => new CallFlowRequest(answered, answered, CallDirection.Outbound, request.Flow, request.Variables));
        return new OriginatedCall(call.CallId, task);
    }

    /// <summary>
    /// Places an outbound leg and returns it at once (registered, its CDR row on its way) with the
    /// attempt's outcome. When answered, <paramref name="flow"/>'s request runs on it; with no flow,
    /// the leg waits for a bridge to take it and lives until it ends.
    /// </summary>
    /// <param name="prepare">Called with the leg before its INVITE leaves (to hear its progress from the first response on).</param>
    /// <param name="headers">Extra headers on the INVITE (a bridged transfer's context for the target); null for none.</param>
    private (Call Call, Task<CallAttemptResult> Result) Dial(string to, string? from, string? trunk, TimeSpan ringTimeout, Func<Call, CallFlowRequest>? flow, Action<Call>? prepare = null,
        IReadOnlyList<KeyValuePair<string, string>>? headers = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(to);
        if (_stopping)
        {
            throw new InvalidOperationException("the server is shutting down");
        }

        if (Sip is not { } sip)
        {
            throw new InvalidOperationException("this server has no SIP stack to place calls with");
        }

        var target = to.Trim();
        var routes = Routes(target, trunk);
        var startedAt = _services.Time.GetUtcNow();
        var rtp = BindRtp(IPAddress.Loopback, out var port) ?? throw new InvalidOperationException("no RTP port is free");
        var callId = SipIds.NewCallId();
        var signalling = new OutboundSignalling(callId, OutboundDialer.FromUri(from, routes[0]), routes[0].To);
        var call = new Call(signalling, _services, null, [], rtp, startedAt, AnswerOptions(IPAddress.Loopback, port, startedAt)) { Dialer = this, Trunk = routes[0].Trunk };
        Register(call);
        prepare?.Invoke(call);
        var result = new TaskCompletionSource<CallAttemptResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var extra = headers is { Count: > 0 } ? headers.Select(h => new Telephony.Sip.Messages.SipHeader(h.Key, h.Value)).ToArray() : [];
        _ = RunOutboundAsync(call, signalling, new OutboundDialer(sip, _services, extra), routes, from, ringTimeout, result, flow);
        return (call, result.Task);
    }

    private IReadOnlyList<DialRoute> Routes(string target, string? trunk)
    {
        if (DialTarget.IsSipUri(target))
        {
            if (!Telephony.Sip.Headers.SipUri.TryParse(target, out _))
            {
                throw RequestError.Field("to", $"'{target}' is not a valid SIP URI");
            }

            return trunk is null ? [DialTarget.Direct(target)] : RoutesOrThrow(target, trunk);
        }

        if (DialTarget.Number(target) is null)
        {
            throw RequestError.Field("to", $"'{target}' is neither a SIP URI (sip:user@host) nor a number (+15551234567)");
        }

        return RoutesOrThrow(target, trunk);
    }

    private IReadOnlyList<DialRoute> RoutesOrThrow(string target, string? trunk)
    {
        if (_routes is null)
        {
            throw trunk is null
                ? RequestError.Field("to", "numbers need trunks (serve --trunks FILE); none are configured")
                : RequestError.Field("trunk", $"no trunk named '{trunk}': none are configured");
        }

        var routes = _routes.Routes(target, trunk);
        return routes.Count > 0 ? routes : throw RequestError.Field("to", $"no trunk can take '{target}'");
    }

    private async Task RunOutboundAsync(Call call, OutboundSignalling signalling, OutboundDialer dialer, IReadOnlyList<DialRoute> routes, string? from,
        TimeSpan ringTimeout, TaskCompletionSource<CallAttemptResult> result, Func<Call, CallFlowRequest>? flow)
    {
        CallAttemptResult attempt;
        try
        {
            attempt = await dialer.RunAsync(call, signalling, routes, from, ringTimeout);
        }
#pragma warning disable CA1031 // A failed attempt is an outcome (status 500) and a CDR, never a crash.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _services.Log?.Invoke($"call {call.CallId}: placing the call failed: {e}");
            attempt = call.OnFailed(500, e.Message, cancelledByUs: false, timedOut: false);
        }

        result.TrySetResult(attempt);
        await RunAsync(call, attempt.Answered && flow is not null ? flow(call) : null);
    }

    /// <summary>
    /// A bridged transfer: dials <paramref name="target"/> with the caller's identity (or
    /// <paramref name="callerId"/>) while the caller hears ringback; when it answers, the legs are
    /// bridged (the caller's CDR cause becomes "transferred", both name each other). When the
    /// caller hangs up meanwhile the target is cancelled.
    /// </summary>
    public async Task<CallAttemptResult> BridgeAsync(Call caller, string target, TimeSpan timeout, string? callerId, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        // Ringback first: the target's early media, if any, replaces it as soon as it arrives.
        _ = caller.PlayToneAsync(CallTone.Ringback);
        var early = new EarlyMediaRelay(caller, _services);
        Call agent;
        Task<CallAttemptResult> attempt;
        try
        {
            (agent, attempt) = Dial(target, callerId ?? caller.From, trunk: null, timeout, flow: null, leg => leg.EarlyMedia += early.OnEarlyMedia, headers);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            caller.StopPlayback();
            _services.Log?.Invoke($"call {caller.CallId}: cannot dial {target}: {e.Message}");
            return new CallAttemptResult(false, 0, "failed", e.Message);
        }

        _services.CallLog?.Invoke($"call {caller.CallId}: bridging to {target} (leg {agent.CallId})");
        CallAttemptResult outcome;
        using (caller.Ended.Register(() => _ = agent.EndAsync(CallEndedBy.Server, "caller-hangup")))
        {
            outcome = await attempt;
        }

        agent.EarlyMedia -= early.OnEarlyMedia;
        caller.StopPlayback();
        if (!outcome.Answered || caller.Ended.IsCancellationRequested)
        {
            // The caller goes back to its flow (or is gone): its media is its own again.
            await early.DisposeAsync();
            if (outcome.Answered)
            {
                await agent.EndAsync(CallEndedBy.Server, "caller-hangup");
                return new CallAttemptResult(false, outcome.SipStatus, "caller-hangup", "the caller hung up before the target answered");
            }

            return outcome;
        }

        CallBridge.Start(caller, agent, _services, aEndCause: "transferred", early.Take());
        caller.PublishTransferred(target);
        return outcome;
    }

    /// <summary>Bridges two live, answered legs by Call-ID (agent queues, campaigns); null when either is not live and answered.</summary>
    public CallBridge? Bridge(string aCallId, string bCallId)
    {
        if (Leg(aCallId) is not { State: CallState.Answered } a || Leg(bCallId) is not { State: CallState.Answered } b || ReferenceEquals(a, b))
        {
            return null;
        }

        return CallBridge.Start(a, b, _services, aEndCause: null, media: null);
    }
}
