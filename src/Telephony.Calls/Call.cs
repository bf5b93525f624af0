using System.Net;
using System.Text;
using Telephony.Calls.Cdr;
using Telephony.Calls.Playback;
using Telephony.Media.Codecs;
using Telephony.Media.Rtp;
using Telephony.Sdp;
using Telephony.Sdp.Negotiation;
using Telephony.Sip.Dialogs;

namespace Telephony.Calls;

/// <summary>One inbound call: its signalling (<see cref="IncomingCall"/>, then the dialog) and its media (<see cref="RtpSession"/>).</summary>
/// <remarks>
/// The flow drives it from one task; SIP events (BYE, CANCEL) arrive on other threads and only
/// record the outcome and cancel <see cref="Ended"/>. The CDR is written exactly once, on dispose.
/// </remarks>
public sealed partial class Call : ICall, IAsyncDisposable
{
    private readonly IncomingCall _incoming;
    private readonly CallServices _services;
    private NegotiatedAudio? _audio;
    private readonly byte[] _answerSdp;
    private readonly RtpSession _rtp;
    private AudioEncoding _encoding;
    private readonly CancellationTokenSource _ended = new();
    private readonly CallOutcome _outcome = new();
    private readonly StringBuilder _digits = new();
    private readonly DateTimeOffset _startedAt;
    private SipDialog? _dialog;
    private DateTimeOffset? _answeredAt;
    private int? _sipStatus;
    private Media.Recording.CallRecorder? _recorder;
    private int _disposed;

    private AnswerOptions _answerOptions;
    private CancellationTokenRegistration _cancelRegistration;
    private readonly CallPlayback _playback;

    /// <param name="audio">The negotiated stream; null for a delayed offer (<paramref name="answerSdp"/> is then our offer).</param>
    internal Call(IncomingCall incoming, CallServices services, NegotiatedAudio? audio, byte[] answerSdp, RtpSession rtp, DateTimeOffset startedAt, AnswerOptions answerOptions)
    {
        _answerOptions = answerOptions;
        _incoming = incoming;
        _services = services;
        _audio = audio;
        _answerSdp = answerSdp;
        _rtp = rtp;
        _encoding = AudioEncodings.FromSdpName(audio?.EncodingName);
        _startedAt = startedAt;
        _playback = new CallPlayback(rtp, services, () => _encoding, message => services.Log?.Invoke($"call {CallId}: {message}"), _ended.Token);
        _cancelRegistration = incoming.Cancelled.Register(() => End(CallEndedBy.Caller, "CANCEL", 487));
        rtp.RtpTimeout += () => Task.Run(OnRtpTimeout); // off the media clock thread
    }

    public string CallId => _incoming.CallId;

    public string From => _incoming.From.Uri;

    public string To => _incoming.To.Uri;

    public CancellationToken Ended => _ended.Token;

    public async Task RingAsync(TimeSpan duration)
    {
        ThrowIfEnded();
        _incoming.SendProvisional(180);
        try
        {
            await Task.Delay(duration, _services.Time, _ended.Token);
        }
        catch (OperationCanceledException)
        {
            throw new CallEndedException();
        }
    }

    public async Task AnswerAsync()
    {
        ThrowIfEnded();
        var dialog = _incoming.Accept(_answerSdp) ?? throw new CallEndedException("The caller cancelled before the answer.");
        _dialog = dialog;
        dialog.ModificationHandler = OnSessionModification;
        dialog.InfoHandler = OnInfo;
        _sipStatus = 200;
        _answeredAt = _services.Time.GetUtcNow();
        _ = dialog.Ended.ContinueWith(t => OnDialogEnded(t.Result), TaskScheduler.Default);
        StartRecording();
        if (_audio is not null)
        {
            _rtp.StartReceiving();
        }

        // Media starts once the caller confirmed the answer: prompts are not clipped by a late ACK,
        // and the first prompt packet leaves on the clock's next tick.
        await Task.WhenAny(dialog.Acked, dialog.Ended, Task.Delay(Timeout.Infinite, _ended.Token));
        ThrowIfEnded();
        if (_audio is null)
        {
            await StartDelayedOfferMediaAsync(dialog);
        }
        else
        {
            _rtp.Start();
        }
    }

    /// <summary>Records the call from the answer on, when the server records calls.</summary>
    private void StartRecording()
    {
        if (_services.RecordingFolder is not { } folder)
        {
            return;
        }

        var safeId = string.Concat(CallId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' ? c : '_'));
        var path = Path.Combine(folder, _startedAt.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            $"{_startedAt.UtcDateTime.ToString("HHmmssfff", System.Globalization.CultureInfo.InvariantCulture)}-{safeId}.wav");
        try
        {
            _recorder = new Media.Recording.CallRecorder(path, _services.RecordingChannels);
            _rtp.Recorder = _recorder;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A full or read-only disk must not cost the call itself.
            _services.Log?.Invoke($"call {CallId}: cannot record to {path}: {e.Message}");
        }
    }

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

        var audio = result.Audio!;
        _audio = audio;
        _encoding = AudioEncodings.FromSdpName(audio.EncodingName);
        _rtp.Configure(RemoteMedia(audio), _encoding, audio.PayloadType, audio.TelephoneEventPayloadType, audio.PtimeMs, _incoming.Source.Remote.Address, audio.ComfortNoisePayloadType);
        _rtp.Start();
        _services.CallLog?.Invoke($"call {CallId}: delayed offer answered in the ACK: {audio.EncodingName}, rtp to {audio.RemoteAddress}:{audio.RemotePort}");
    }

    public async Task PlayAsync(IReadOnlyList<string> prompts, bool interruptible)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        await PlayListAsync([.. prompts.Select(PlayListItem.Prompt)], interruptible);
        ThrowIfEnded();
    }

    public Task<PlayListResult> PlayListAsync(IReadOnlyList<PlayListItem> items, bool interruptible = false)
    {
        ThrowIfEnded();
        return _playback.PlayListAsync(items, interruptible);
    }

    public Task<PlayListResult> PlayToneAsync(CallTone tone, TimeSpan? duration = null) =>
        PlayListAsync([PlayListItem.Of(tone, duration)]);

    public Task<PlayListResult> PlaySilenceAsync(TimeSpan duration) =>
        PlayListAsync([PlayListItem.Silence(duration)]);

    public async Task SendDigitsAsync(string digits, TimeSpan? toneLength = null)
    {
        ThrowIfEnded();
        await _playback.SendDigitsAsync(digits, toneLength);
        ThrowIfEnded();
    }

    public bool PausePlayback() => _rtp.Playback.Pause();

    public bool ResumePlayback() => _rtp.Playback.Resume();

    public void StopPlayback() => _rtp.Playback.Stop();

    public async Task<string> GatherDigitsAsync(GatherOptions options)
    {
        var collected = new StringBuilder();
        var timeout = options.FirstDigitTimeout;
        while (collected.Length < options.MaxDigits)
        {
            ThrowIfEnded();
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(_ended.Token);
            wait.CancelAfter(timeout);
            char digit;
            try
            {
                digit = (await _rtp.Digits.ReadAsync(wait.Token)).Digit;
            }
            catch (OperationCanceledException)
            {
                ThrowIfEnded();
                break;
            }

            if (digit == options.Terminator)
            {
                break;
            }

            collected.Append(digit);
            timeout = options.InterDigitTimeout;
        }

        lock (_digits)
        {
            _digits.Append(collected);
        }

        return collected.ToString();
    }

    public async Task HangupAsync(string cause = "normal")
    {
        if (!_outcome.TrySet(CallEndedBy.Server, cause, _services.Time.GetUtcNow()))
        {
            return;
        }

        _rtp.EndPlayback();
        if (_dialog is { } dialog)
        {
            await dialog.HangupAsync(DialogEndReason.LocalBye);
        }
        else if (RejectStatus(cause) is var (status, reason) && _incoming.Reject(status, reason))
        {
            _sipStatus = status;
        }

        await _ended.CancelAsync();
    }

    /// <summary>
    /// A re-INVITE or UPDATE from the caller: hold (sendonly/inactive, or c=0.0.0.0), resume, a new
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
            return new SessionModification(200, _answerSdp);
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
        return new SessionModification(200, System.Text.Encoding.ASCII.GetBytes(result.Answer!.ToString()));
    }

    /// <summary>SIP INFO in the dialog: DTMF relay joins the RFC 4733 digits; other bodies get 415.</summary>
    private int OnInfo(Sip.Messages.SipRequest request)
    {
        if (request.Body.IsEmpty)
        {
            return 200; // An empty INFO is a keep-alive probe some devices send.
        }

        if (!Dtmf.SipInfoDtmf.IsDtmf(request.ContentType))
        {
            return 415;
        }

        if (!Dtmf.SipInfoDtmf.TryParse(request.ContentType, request.Body.Span, out var digit, out var durationMs))
        {
            return 400;
        }

        _rtp.AddSignalledDigit(new Media.Dtmf.DtmfDigit(digit, 10, (ushort)Math.Clamp(durationMs * 8, 0, ushort.MaxValue), End: true));
        return 200;
    }

    /// <summary>The caller's media stopped (a dead phone, a lost NAT binding): end the call with BYE, cause rtp-timeout.</summary>
    private async Task OnRtpTimeout()
    {
        if (!_outcome.TrySet(CallEndedBy.System, "rtp-timeout", _services.Time.GetUtcNow()))
        {
            return;
        }

        _services.CallLog?.Invoke($"call {CallId}: no RTP from the caller; hanging up");
        _rtp.EndPlayback();
        _ended.Cancel();
        if (_dialog is { } dialog)
        {
            await dialog.HangupAsync(DialogEndReason.LocalBye, "RTP;text=\"no media\"");
        }
    }

    private void OnDialogEnded(DialogEnd end)
    {
        switch (end.Reason)
        {
            case DialogEndReason.RemoteBye:
                End(CallEndedBy.Caller, "BYE", null);
                break;
            case DialogEndReason.AckTimeout:
                End(CallEndedBy.System, "no-ack", null);
                break;
            case DialogEndReason.SessionExpired:
                End(CallEndedBy.System, "session-expired", null);
                break;
        }
    }

    private void End(string endedBy, string cause, int? sipStatus)
    {
        if (_outcome.TrySet(endedBy, cause, _services.Time.GetUtcNow()))
        {
            _sipStatus = sipStatus ?? _sipStatus;
        }

        _rtp.EndPlayback();
        _ended.Cancel();
    }

    private void ThrowIfEnded()
    {
        if (_ended.IsCancellationRequested)
        {
            throw new CallEndedException();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await HangupAsync("normal");

        // The INVITE transaction outlives the call by up to 64·T1 (RFC 6026) and reaches this
        // call through the CANCEL registration and the dialog's handlers: cut those links, or every
        // finished call's media buffers stay on the heap for 32 s (gen2 grew ~14 KB per call).
        _cancelRegistration.Dispose();
        if (_dialog is { } ended)
        {
            ended.ModificationHandler = null;
            ended.InfoHandler = null;
        }

        await _rtp.DisposeAsync();
        _services.Sockets.Return(_rtp.Socket);
        string? recording = null;
        if (_recorder is not null)
        {
            try
            {
                recording = await _recorder.FinishAsync();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _services.Log?.Invoke($"call {CallId}: recording failed: {e.Message}");
            }
        }

        string digits;
        lock (_digits)
        {
            digits = _digits.ToString();
        }

        _services.Cdrs.Write(new CallDetailRecord(
            CallId,
            _incoming.From.Uri,
            _incoming.To.Uri,
            _startedAt,
            _answeredAt,
            _outcome.EndedAt ?? _services.Time.GetUtcNow(),
            _outcome.EndedBy ?? CallEndedBy.System,
            _outcome.Cause ?? "unknown",
            _sipStatus,
            digits,
            _audio?.EncodingName,
            _rtp.QualitySummary() is { } q ? new CallQuality(q.JitterMs, q.LossPercent, q.Mos, q.PacketsReceived) : null,
            recording,
            FlowOutcome));
    }

    internal static IPEndPoint RemoteMedia(NegotiatedAudio audio) =>
        new(IPAddress.Parse(audio.RemoteAddress), audio.RemotePort);
}
