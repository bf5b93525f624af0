using Telephony.Calls.Cdr;
using Telephony.Calls.Events;

namespace Telephony.Calls;

/// <summary>The leg's record: opened when the leg starts, updated when answered, completed on dispose with what the flow did, the digits, the quality, the recording.</summary>
public sealed partial class Call
{
    private Media.Recording.CallRecorder? _recorder;
    private volatile string? _flowName;
    private volatile string? _stepName;

    /// <summary>What the dialplan did on this call, for the CDR (set by the flow runner when the flow ends).</summary>
    public string? FlowOutcome { get; set; }

    /// <summary>The flow reached a step: shown in the registry and published as call.step.</summary>
    public void StepEntered(string flow, string step)
    {
        _flowName = flow;
        _stepName = step;
        Publish(CallEventType.Step, CallEventData.Of("flow", flow, "step", step));
    }

    /// <summary>The record as it stands; written when the leg starts (<see cref="Opening"/>) and completed at the end.</summary>
    internal CallDetailRecord Record(string? recording = null) => new(
        CallId,
        From,
        To,
        _startedAt,
        _answeredAt,
        _outcome.EndedAt ?? _services.Time.GetUtcNow(),
        _outcome.EndedBy ?? CallEndedBy.System,
        _outcome.Cause ?? "unknown",
        _sipStatus,
        DigitsSoFar(),
        _audio?.EncodingName,
        Quality(),
        recording,
        FlowOutcome,
        Direction,
        PeerCallId);

    /// <summary>The record of a leg in progress: its intent (before the INVITE or the answer) and its progress (answered).</summary>
    internal CallDetailRecord Opening() => Record() with { Cause = CallDetailRecord.InProgress, EndedBy = CallEndedBy.System };

    private string DigitsSoFar()
    {
        lock (_digits)
        {
            return _digits.ToString();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await EndAsync(CallEndedBy.Server, "normal");

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

        var record = Record(recording);
        _services.Cdrs.Write(record);
        Publish(CallEventType.Ended, CallEventData.Ended(record));
        _signalling.Dispose();
    }
}
