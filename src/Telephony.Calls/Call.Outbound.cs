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
    }

    /// <summary>The far end answered: read its SDP answer, start media. A 2xx we cannot use is hung up (BYE) and reported as failed.</summary>
    internal async Task<CallAttemptResult> OnAnsweredAsync(OutboundSignalling signalling, OutgoingCallResult result)
    {
        var dialog = result.Dialog!;
        signalling.Answered(dialog, result.Response);
        var body = result.Response?.Body ?? default;
        var negotiation = !body.IsEmpty && SessionDescription.TryParse(body.Span, out var answer, out _)
            ? OfferBuilder.ReadAnswer(answer!, _answerOptions)
            : NegotiationResult.Fail("the 2xx carries no SDP answer");
        if (negotiation.Success)
        {
            StartMedia(negotiation.Audio!);
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
