using System.Globalization;
using Telephony.Calls.Control;
using Telephony.Calls.Events;

namespace Telephony.Calls;

/// <summary>Ringing and answering: 180, 200 OK with our SDP, the ACK, then media; and the recording that starts with the answer.</summary>
public sealed partial class Call
{
    public async Task RingAsync(TimeSpan duration)
    {
        ThrowIfEnded();
        if (_signalling.Ringing())
        {
            MarkRinging();
        }

        try
        {
            await Task.Delay(duration, _services.Time, _ended.Token);
        }
        catch (OperationCanceledException)
        {
            throw new CallEndedException();
        }
    }

    /// <summary>Ringing is reported once per leg (a second 180, or 183 after 180, changes nothing).</summary>
    private void MarkRinging()
    {
        if (_state == CallState.Setup)
        {
            _state = CallState.Ringing;
            Publish(CallEventType.Ringing, CallEventData.Empty);
        }
    }

    public async Task AnswerAsync()
    {
        ThrowIfEnded();
        if (_dialog is not null)
        {
            return; // an outbound leg is answered by the far end; a flow's answer step changes nothing
        }

        var dialog = _signalling.Accept(_localSdp) ?? throw new CallEndedException("The caller cancelled before the answer.");
        Answered(dialog, 200);
        if (_audio is not null)
        {
            _rtp.StartReceiving();
        }

        // Media starts once the caller confirmed the answer: prompts are not clipped by a late ACK,
        // and the first prompt packet leaves on the clock's next tick.
        await Task.WhenAny(_signalling.ConfirmedAsync(dialog), Task.Delay(Timeout.Infinite, _ended.Token));
        if (dialog.Ending.IsCompleted)
        {
            // Whichever continuation runs first: an answer never ACKed must not start the media.
            OnDialogEnding(dialog.Ending.Result);
        }

        ThrowIfEnded();
        Admission?.Confirm();
        if (_audio is null)
        {
            await StartDelayedOfferMediaAsync(dialog);
        }
        else
        {
            _rtp.Start();
        }
    }

    /// <summary>The leg has its dialog (our 200 OK sent, or the far end's 2xx received).</summary>
    private void Answered(Sip.Dialogs.SipDialog dialog, int status)
    {
        _dialog = dialog;
        dialog.ModificationHandler = OnSessionModification;
        dialog.InfoHandler = OnInfo;
        _sipStatus = status;
        _answeredAt = _services.Time.GetUtcNow();
        if (_state is CallState.Setup or CallState.Ringing)
        {
            _state = CallState.Answered;
        }

        _ = dialog.Ending.ContinueWith(t => OnDialogEnding(t.Result), TaskScheduler.Default);
        _services.Cdrs.Progress(Opening());
        StartRecording();
        Publish(CallEventType.Answered, CallEventData.Of("codec", _audio?.EncodingName));
    }

    /// <summary>Records the call from the answer on, when the server records calls.</summary>
    private void StartRecording()
    {
        if (_services.RecordingFolder is not { } folder)
        {
            return;
        }

        var safeId = string.Concat(CallId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' ? c : '_'));
        var path = Path.Combine(folder, _startedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            $"{_startedAt.UtcDateTime.ToString("HHmmssfff", CultureInfo.InvariantCulture)}-{safeId}.wav");
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
}
