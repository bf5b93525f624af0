using System.Text;
using Telephony.Calls.Cdr;
using Telephony.Calls.Control;
using Telephony.Calls.Outbound;
using Telephony.Calls.Signalling;
using Telephony.Sdp;
using Telephony.Sdp.Negotiation;
using Telephony.Sip.Dialogs;
using Telephony.Sip.Messages;

namespace Telephony.Calls;

/// <summary>An outbound leg's INVITE as it progresses: provisional responses, the answer (its SDP sets the codec), or the failure.</summary>
public sealed partial class Call
{
    /// <summary>The SDP offer our INVITE carries (PCMU, PCMA, G.722, telephone-event) with <paramref name="localAddress"/> in c=.</summary>
    internal byte[] BuildOffer(System.Net.IPAddress localAddress)
    {
        _answerOptions = _answerOptions with { LocalAddress = localAddress.ToString() };
        _localSdp = Encoding.ASCII.GetBytes(OfferBuilder.Offer(_answerOptions).ToString());
        return _localSdp;
    }

    /// <summary>A 1xx to our INVITE: 180/183 mean the far end rings (early media in a 183 is not played: the caller hears our ringback).</summary>
    internal void OnProvisional(SipResponse response)
    {
        if (response.StatusCode is 180 or 181 or 182 or 183)
        {
            MarkRinging();
        }

        // Early media (RFC 3960): a 183 with SDP answers our offer before the call is answered.
        if (response.StatusCode == 183 && !response.Body.IsEmpty && _audio is null && Interlocked.Exchange(ref _earlyMedia, 1) == 0
            && SessionDescription.TryParse(response.Body.Span, out var sdp, out _) && OfferBuilder.ReadAnswer(sdp!, _answerOptions) is { Success: true } early)
        {
            StartMedia(early.Audio!);
            _services.CallLog?.Invoke($"call {CallId}: early media from {To}: {_audio!.EncodingName}, rtp to {_audio.RemoteAddress}:{_audio.RemotePort}");
            EarlyMedia?.Invoke(this);
        }
    }

    private int _earlyMedia;

    /// <summary>Raised once when the far end sends media before answering (183 with SDP); the leg's stream runs from then on.</summary>
    internal event Action<Call>? EarlyMedia;

    /// <summary>The far end answered: read its SDP answer, start media. A 2xx we cannot use is hung up (BYE) and reported as failed.</summary>
    internal async Task<CallAttemptResult> OnAnsweredAsync(OutboundSignalling signalling, OutgoingCallResult result)
    {
        var dialog = result.Dialog!;
        signalling.Answered(dialog, result.Response);
        var body = result.Response?.Body ?? default;
        var negotiation = !body.IsEmpty && SessionDescription.TryParse(body.Span, out var answer, out _)
            ? OfferBuilder.ReadAnswer(answer!, _answerOptions)
            : _audio is not null
                ? new NegotiationResult(true, 0, null, null, _audio) // the early media's answer stands (RFC 3261 §13.2.1: one answer per offer)
                : NegotiationResult.Fail("the 2xx carries no SDP answer");
        if (negotiation.Success && _audio is null)
        {
            StartMedia(negotiation.Audio!);
        }
        else if (negotiation.Success && negotiation.Audio != _audio)
        {
            // Early media came first: the stream keeps its codec, and follows the answer's address.
            _rtp.UpdateRemote(RemoteMedia(negotiation.Audio!), send: true);
        }

        Answered(dialog, result.Status);
        if (!negotiation.Success || _ended.IsCancellationRequested)
        {
            _services.Log?.Invoke($"call {CallId}: answered, but {negotiation.FailureReason ?? "hung up meanwhile"}; hanging up");
            await EndAsync(CallEndedBy.Server, negotiation.Success ? "normal" : "bad-sdp-answer");
            return new CallAttemptResult(false, result.Status, negotiation.Success ? "cancelled" : "bad-sdp-answer", negotiation.FailureReason ?? "hung up before the answer");
        }

        _services.CallLog?.Invoke($"call {CallId}: answered by {To}: {_audio!.EncodingName}, rtp to {_audio.RemoteAddress}:{_audio.RemotePort}");
        return new CallAttemptResult(true, result.Status, "answered", result.Reason);
    }

    /// <summary>The INVITE failed (a final error, no answer in time, our CANCEL): the leg ends with that status and cause.</summary>
    internal CallAttemptResult OnFailed(int status, string reason, bool cancelledByUs, bool timedOut)
    {
        var cause = timedOut ? "no-answer" : cancelledByUs ? _outcome.Cause ?? "cancelled" : SipCauses.Of(status);
        End(cancelledByUs && !timedOut ? CallEndedBy.Server : timedOut ? CallEndedBy.System : CallEndedBy.Callee, cause, status);
        _sipStatus = status;
        return new CallAttemptResult(false, status, cause, reason);
    }
}
