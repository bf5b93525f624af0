using System.Net;
using Telephony.Media.Codecs;
using Telephony.Sdp;
using Telephony.Sdp.Negotiation;
using Telephony.Sip.Dialogs;

namespace Telephony.Calls;

/// <summary>Offer/answer beyond the first exchange: the delayed offer's answer in the ACK, and re-INVITE/UPDATE (hold, resume, new address).</summary>
public sealed partial class Call
{
    /// <summary>Raised after the far end changed the session: true when it is active, false when it put us on hold.</summary>
    internal event Action<Call, bool>? HoldChanged;

    /// <summary>Whether we send media to the far end (false while it holds the call).</summary>
    private volatile bool _sending = true;

    /// <summary>Delayed offer: the ACK carries the caller's answer to the offer in our 2xx (RFC 3264 §5).</summary>
    private async Task StartDelayedOfferMediaAsync(SipDialog dialog)
    {
        var type = dialog.AckContentType?.Split(';')[0].Trim();
        var result = !dialog.AckBody.IsEmpty && string.Equals(type, "application/sdp", StringComparison.OrdinalIgnoreCase)
                     && SessionDescription.TryParse(dialog.AckBody.Span, out var answer, out _)
            ? OfferBuilder.ReadAnswer(answer!, _answerOptions)
            : NegotiationResult.Fail("the ACK carries no SDP answer");
        if (!result.Success)
        {
            // The dialog exists and cannot carry media: end it with BYE (RFC 3261 §13.2.2.4 leaves no other way).
            _services.Log?.Invoke($"call {CallId}: delayed offer failed: {result.FailureReason}; hanging up");
            await HangupAsync("bad-sdp-answer");
            throw new CallEndedException();
        }

        StartMedia(result.Audio!);
        _services.CallLog?.Invoke($"call {CallId}: delayed offer answered in the ACK: {_audio!.EncodingName}, rtp to {_audio.RemoteAddress}:{_audio.RemotePort}");
    }

    /// <summary>
    /// Offers the far end the current session with <paramref name="direction"/> (sendonly to put it
    /// on hold, sendrecv to resume) by re-INVITE: how a bridge reflects one leg's hold on the other.
    /// Returns the final status, or null when the leg has no dialog or media, or no answer came.
    /// </summary>
    internal async Task<int?> OfferDirectionAsync(string direction)
    {
        if (_dialog is not { } dialog || _audio is not { } audio)
        {
            return null;
        }

        AnswerOptions options;
        lock (_digits)
        {
            _answerOptions = _answerOptions with { SessionVersion = _answerOptions.SessionVersion + 1 };
            options = _answerOptions with { Codecs = [audio.EncodingName] };
        }

        var offer = OfferBuilder.Offer(options).ToString().Replace("a=sendrecv", "a=" + direction, StringComparison.Ordinal);
        var response = await dialog.ReInviteAsync(System.Text.Encoding.ASCII.GetBytes(offer));
        _services.CallLog?.Invoke($"call {CallId}: re-INVITE ({direction}): {response?.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no answer"}");
        return response?.StatusCode;
    }

    /// <summary>Our offer was answered (the ACK of a delayed offer, an outbound leg's 2xx): configure and start the stream.</summary>
    private void StartMedia(NegotiatedAudio audio)
    {
        _audio = audio;
        _encoding = AudioEncodings.FromSdpName(audio.EncodingName);
        _rtp.Configure(RemoteMedia(audio), _encoding, audio.PayloadType, audio.TelephoneEventPayloadType, audio.PtimeMs, _signalling.RemoteAddress, audio.ComfortNoisePayloadType);
        _rtp.StartReceiving();
        _rtp.Start();
    }

    /// <summary>
    /// A re-INVITE or UPDATE from the far end: hold (sendonly/inactive, or c=0.0.0.0), resume, a new
    /// media address, or a plain session refresh. The codec stays what it is; an offer that would
    /// change it is refused with 488 and the call carries on unchanged.
    /// </summary>
    private SessionModification OnSessionModification(Sip.Messages.SipRequest request)
    {
        lock (_digits)
        {
            _answerOptions = _answerOptions with { SessionVersion = _answerOptions.SessionVersion + 1 };
        }

        if (request.Body.IsEmpty)
        {
            // Offerless re-INVITE: our current session is the offer; the answer comes in the ACK.
            return new SessionModification(200, _localSdp);
        }

        if (!SessionDescription.TryParse(request.Body.Span, out var offer, out _))
        {
            return new SessionModification(488, default);
        }

        if (_audio is not { } current)
        {
            return new SessionModification(491, default); // still negotiating the first offer/answer
        }

        var result = OfferAnswer.Answer(offer!, _answerOptions with { Codecs = [current.EncodingName] });
        if (!result.Success || result.Audio!.PayloadType != current.PayloadType)
        {
            return new SessionModification(488, default);
        }

        var audio = result.Audio;
        var send = !audio.RemoteOnHold && audio.Direction is Sdp.MediaDirection.SendRecv or Sdp.MediaDirection.SendOnly;
        if (IPAddress.TryParse(audio.RemoteAddress, out var address))
        {
            _rtp.UpdateRemote(new IPEndPoint(address, audio.RemotePort), send);
        }

        _services.CallLog?.Invoke($"call {CallId}: session modified ({(send ? "active" : "on hold")}, {audio.RemoteAddress}:{audio.RemotePort})");
        if (_sending != send)
        {
            // Only a change is news: a session refresh with the same direction is not a hold.
            _sending = send;
            HoldChanged?.Invoke(this, send);
        }

        return new SessionModification(200, System.Text.Encoding.ASCII.GetBytes(result.Answer!.ToString()));
    }
}
