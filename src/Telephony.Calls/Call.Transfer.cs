using Telephony.Calls.Bridging;
using Telephony.Calls.Control;
using Telephony.Calls.Events;
using Telephony.Calls.Outbound;

namespace Telephony.Calls;

/// <summary>Handing the leg on: blind by REFER (we leave), or bridged to a new outbound leg (we stay in the media path).</summary>
public sealed partial class Call
{
    private volatile CallBridge? _bridge;
    private volatile string? _peerCallId;

    /// <summary>Places the outbound leg of a bridged transfer; null when the server cannot dial (no SIP stack attached).</summary>
    internal ILegDialer? Dialer { get; init; }

    /// <summary>An inbound call's place in the call limits: confirmed by the ACK, released by the call manager when the call is over.</summary>
    internal Screening.CallAdmission.Admission? Admission { get; init; }

    /// <summary>The Call-ID of the leg this one is (or was) bridged to; null when never bridged.</summary>
    public string? PeerCallId => _peerCallId;

    /// <summary>True while a bridge holds this leg.</summary>
    public bool IsBridged => _bridge is not null && !_ended.IsCancellationRequested;

    public Task<CallAttemptResult> TransferAsync(string target, TransferMode mode, TimeSpan timeout, string? callerId = null) =>
        TransferAsync(target, mode, timeout, new TransferOptions { CallerId = callerId });

    public async Task<CallAttemptResult> TransferAsync(string target, TransferMode mode, TimeSpan timeout, TransferOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ThrowIfEnded();

        // Both kinds need an answered leg: REFER needs a dialog, a bridge needs media.
        if (_dialog is null)
        {
            _services.CallLog?.Invoke($"call {CallId}: transfer to {target} refused: the call is not answered");
            return new CallAttemptResult(false, 0, "not-answered", "the call is not answered");
        }

        if (mode == TransferMode.Blind)
        {
            return await ReferAsync(target, timeout);
        }

        if (Dialer is not { } dialer)
        {
            return new CallAttemptResult(false, 0, "failed", "this server cannot place calls");
        }

        if (options.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        return await dialer.BridgeAsync(this, target, timeout, options.CallerId, options.Headers);
    }

    private async Task<CallAttemptResult> ReferAsync(string target, TimeSpan timeout)
    {
        var outcome = await _dialog!.ReferAsync(target, referredBy: To, timeout: timeout);
        _services.CallLog?.Invoke($"call {CallId}: REFER to {target}: {outcome.ReferStatus}, referred call {outcome.FinalStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no result"}");
        var status = outcome.FinalStatus ?? outcome.ReferStatus;
        if (!outcome.Succeeded)
        {
            ThrowIfEnded();

            // Three ways to fail, told apart for whoever retries (an agent queue frees the agent with the cause):
            // the REFER itself refused, no final NOTIFY within the timeout, or the referred call's own failure.
            var cause = outcome.ReferStatus is < 200 or >= 300 ? "refer-refused"
                : outcome.FinalStatus is null or < 200 ? "no-answer"
                : SipCauses.Of(status);
            return new CallAttemptResult(false, status, cause, $"REFER {outcome.ReferStatus}");
        }

        // The caller now talks to the target; our leg is done (RFC 5589 §6: the transferor hangs up).
        Publish(CallEventType.Transferred, CallEventData.Of("target", target, "mode", "blind"));
        await EndAsync(Cdr.CallEndedBy.Server, "transferred");
        return new CallAttemptResult(true, status, "answered", "referred");
    }

    /// <summary>A bridge took the leg: its media goes to <paramref name="peer"/>; a flow on it is done.</summary>
    internal void JoinBridge(CallBridge bridge, Call peer, string? endCause)
    {
        _peerCallId = peer.CallId;
        _bridgeEndCause = endCause;
        _bridge = bridge;
        _state = CallState.Bridged;
        _rtp.StopPlayback();
        Publish(CallEventType.Bridged, CallEventData.Of("peer_call_id", peer.CallId));
    }

    /// <summary>The cause this leg's CDR takes when the bridge ends it (the transferred caller's is "transferred").</summary>
    private volatile string? _bridgeEndCause;

    internal void PublishTransferred(string target) =>
        Publish(CallEventType.Transferred, CallEventData.Of("target", target, "mode", "bridge"));

    /// <summary>What a media bridge needs of this leg.</summary>
    internal MediaLeg MediaLeg() => new(CallId, _rtp, _encoding, _audio?.PayloadType ?? 0, _audio?.TelephoneEventPayloadType);

    /// <summary>Completes when the leg has ended (never throws).</summary>
    internal Task WhenEndedAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ended.Token.Register(() => done.TrySetResult());
        return done.Task;
    }
}
