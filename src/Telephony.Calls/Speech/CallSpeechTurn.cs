using Telephony.Media.Taps;
using Telephony.Speech.Recognition;
using Telephony.Speech.Vad;

namespace Telephony.Calls.Speech;

/// <summary>
/// One turn on a real call: the caller's audio from a tap (8 kHz, out of the jitter buffer) runs
/// through a voice activity detector and the recogniser on the server's speech workers
/// (<see cref="ISpeechWorkers"/>), never on the media clock thread: a light task waits for frames
/// and schedules one drain of them at a time (<see cref="SerialSpeechWork"/>), so the frames are
/// processed in order. When the workers refuse a drain (saturated), the turn fails soft: it
/// answers <see cref="SpeechTurnOutcome.Unavailable"/> (the flow falls back to keys) and a
/// paused prompt resumes.
/// Barge-in has two steps, so it is quick and yet a cough does not cut the prompt: at the first
/// voiced audio (the onset: loud audio the detector confirms soon, see <see cref="EarlyOnset"/>, or the
/// detector's own onset) a prompt playing is paused (<see cref="WatchOnsets"/>); when the speech has
/// lasted the turn's minimum, <see cref="SpeechStarted"/> completes, the prompt is stopped and
/// recognition starts with the audio from just before the onset; when the speech ends sooner, the
/// prompt resumes where it paused (<see cref="WatchOnsets"/>). When the detector hears the end
/// silence, the recogniser's final result is the turn's answer.
/// </summary>
internal sealed class CallSpeechTurn : ISpeechTurn
{
    /// <summary>Audio before the detected start that the recogniser also hears: Silero starts at the vowel, 80-150 ms after a fricative ("seven", "five"); 150 ms here lost the s of "seven".</summary>
    private static readonly TimeSpan LeadIn = TimeSpan.FromMilliseconds(300);

    /// <summary>Voiced audio the detector needs to call an onset: two frames, so one click does not pause a prompt.</summary>
    internal static readonly TimeSpan OnsetSpeech = TimeSpan.FromMilliseconds(40);

    private const int SampleRate = 8000;

    private readonly AudioTap _tap;
    private readonly IVoiceActivityDetector _detector;
    private readonly ISpeechRecognizer? _recognizer;
    private readonly RecognitionRequest _request;
    private readonly SpeechTurnOptions _options;
    private readonly TimeProvider _time;
    private readonly Func<CancellationToken, Task<bool>> _waitForDigit;
    private readonly Action<string, IReadOnlyDictionary<string, string?>> _publish;
    private readonly Action<SpeechTurnResult> _finished;
    private int _reported;
    private readonly CancellationToken _callEnded;
    private readonly CancellationTokenSource _stop;
    private readonly PreRoll _preRoll = new(SampleRate);
    private readonly TaskCompletionSource _speechStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<SpeechTurnResult> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SerialSpeechWork _work;
    private readonly Action<string>? _log;
    private readonly short[] _frame;
    private readonly Task _loop;

    /// <summary>Pauses the prompt at loud audio before the detector's onset; none when the detector is the energy one already.</summary>
    private readonly EarlyOnset? _early;
    private ISpeechRecognition? _recognition;
    private bool _onset;
    private int _concealed;
    private TimeSpan _startAt;
    private DateTimeOffset? _startedWall;

    public CallSpeechTurn(
        AudioTap tap,
        IVoiceActivityDetector detector,
        ISpeechRecognizer? recognizer,
        RecognitionRequest request,
        SpeechTurnOptions options,
        TimeProvider time,
        Func<CancellationToken, Task<bool>> waitForDigit,
        Action<string, IReadOnlyDictionary<string, string?>> publish,
        Action<SpeechTurnResult> finished,
        CancellationToken callEnded,
        ISpeechWorkers? workers = null,
        Action<string>? log = null)
    {
        _finished = finished;
        _tap = tap;
        _detector = detector;
        _recognizer = recognizer;
        _request = request;
        _options = options;
        _time = time;
        _waitForDigit = waitForDigit;
        _publish = publish;
        _callEnded = callEnded;
        _log = log;
        _frame = new short[tap.FrameSamples];
        _early = detector.Engine == "energy" ? null : new EarlyOnset();
        _work = new SerialSpeechWork(workers ?? ThreadPoolSpeechWorkers.Instance, Drain);
        _stop = CancellationTokenSource.CreateLinkedTokenSource(callEnded);
        _loop = Task.Run(ListenAsync, CancellationToken.None); // the loop watches _stop itself and must run to release the tap
    }

    public Task SpeechStarted => _speechStarted.Task;

    /// <summary>Set from the flow's thread, read on the turn's task: one reference, so the pair changes together.</summary>
    private volatile OnsetWatch? _onsetWatch;

    public void WatchOnsets(Action? onset, Action? falseAlarm) =>
        _onsetWatch = onset is null && falseAlarm is null ? null : new OnsetWatch(onset, falseAlarm);

    private void Onset() => _onsetWatch?.Onset?.Invoke();

    private void FalseAlarm() => _onsetWatch?.FalseAlarm?.Invoke();

    private sealed record OnsetWatch(Action? Onset, Action? FalseAlarm);

    private string Engine => (_recognizer?.Engine ?? "none") + "+" + _detector.Engine;

    public async Task<SpeechTurnResult> ResultAsync(TimeSpan noInputTimeout)
    {
        var result = await WaitForResultAsync(noInputTimeout);
        if (Interlocked.Exchange(ref _reported, 1) == 0)
        {
            _finished(result);
        }

        return result;
    }

    private async Task<SpeechTurnResult> WaitForResultAsync(TimeSpan noInputTimeout)
    {
        if (_recognizer is null)
        {
            return new SpeechTurnResult(SpeechTurnOutcome.Unavailable, $"no recogniser for this input in {_request.Language}", 0, Engine, new SpeechTurnTimings());
        }

        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(_callEnded);
        try
        {
            if (!_speechStarted.Task.IsCompleted)
            {
                var digit = _waitForDigit(waiting.Token);
                var noInput = Task.Delay(noInputTimeout, _time, waiting.Token);
                var first = await Task.WhenAny(_speechStarted.Task, _result.Task, digit, noInput);
                if (first == digit && digit.IsCompletedSuccessfully && digit.Result && !_speechStarted.Task.IsCompleted)
                {
                    return new SpeechTurnResult(SpeechTurnOutcome.Digit, string.Empty, 0, Engine, new SpeechTurnTimings());
                }

                if (_callEnded.IsCancellationRequested)
                {
                    return Ended();
                }

                if (first == noInput && !_speechStarted.Task.IsCompleted)
                {
                    return new SpeechTurnResult(SpeechTurnOutcome.NoInput, string.Empty, 0, Engine, new SpeechTurnTimings());
                }
            }

            // Speech started: the utterance is bounded by MaxSpeech, then recognition finishes.
            return await _result.Task.WaitAsync(_callEnded);
        }
        catch (OperationCanceledException) when (_callEnded.IsCancellationRequested)
        {
            return Ended();
        }
        finally
        {
            await waiting.CancelAsync();
        }
    }

    private SpeechTurnResult Ended() => new(SpeechTurnOutcome.CallEnded, string.Empty, 0, Engine, new SpeechTurnTimings(_startedWall));

    /// <summary>
    /// Waits for the caller's frames (no CPU: the tap wakes it) and hands each batch to a worker,
    /// one drain at a time; ends when the turn has its result, the workers refuse, or the turn stops.
    /// </summary>
    private async Task ListenAsync()
    {
        try
        {
            while (await _tap.WaitToReadAsync(_stop.Token))
            {
                if (!_work.TrySchedule(out var drained))
                {
                    Refused();
                    return;
                }

                if (await drained)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The turn was disposed or the call ended.
        }
        catch (Exception e) when (e is Telephony.Speech.SpeechException or InvalidOperationException or ObjectDisposedException)
        {
            _result.TrySetResult(new SpeechTurnResult(SpeechTurnOutcome.NoMatch, "recognition failed: " + e.Message, 0, Engine, new SpeechTurnTimings(_startedWall)));
        }
        finally
        {
            // Whatever stopped the loop, a caller who started speaking gets an answer rather than a wait for the call's end.
            if (_speechStarted.Task.IsCompleted)
            {
                _result.TrySetResult(new SpeechTurnResult(SpeechTurnOutcome.NoMatch, "listening stopped", 0, Engine, new SpeechTurnTimings(_startedWall)));
            }
        }
    }

    /// <summary>On a worker: every frame waiting in the tap, in order; true when the turn has its result.</summary>
    private bool Drain()
    {
        while (!_stop.IsCancellationRequested && _tap.TryRead(_frame, out var info))
        {
            if (Process(_frame, info.Concealed))
            {
                return true;
            }
        }

        return _stop.IsCancellationRequested;
    }

    /// <summary>The workers are saturated: no speech this turn, said at once, so the flow can take keys instead.</summary>
    private void Refused()
    {
        if ((_onset || _early?.Pending == true) && _recognition is null)
        {
            FalseAlarm(); // a prompt paused at the onset plays on
        }

        _log?.Invoke($"speech: speech workers saturated: this turn falls back to keys ({_work.Refused} refused)");
        _result.TrySetResult(new SpeechTurnResult(SpeechTurnOutcome.Unavailable, "speech workers busy: no recognition this turn", 0, Engine, new SpeechTurnTimings(_startedWall)));
    }

    /// <summary>One 20 ms frame; true when the turn has its result.</summary>
    private bool Process(short[] frame, bool concealed)
    {
        _preRoll.Write(frame);
        var transition = _detector.Feed(frame);
        var now = _time.GetUtcNow();
        if (_recognition is null)
        {
            if (!_onset)
            {
                if (transition.Kind != VadTransitionKind.SpeechStarted)
                {
                    switch (_early?.Feed(frame, _detector.Position))
                    {
                        case EarlyOnsetStep.Pause:
                            Onset();
                            break;
                        case EarlyOnsetStep.Resume:
                            FalseAlarm();
                            break;
                    }

                    return false;
                }

                _onset = true;
                _startAt = transition.At;
                if (_early?.Confirm() != true)
                {
                    Onset(); // the energy detector heard nothing first (or is off): pause now
                }
            }
            else if (transition.Kind == VadTransitionKind.SpeechEnded)
            {
                // Shorter than the minimum: a cough, a click, "uh-huh". The prompt goes on.
                _onset = false;
                _early?.Restart();
                FalseAlarm();
                return false;
            }

            if (_detector.Position - _startAt < _options.MinSpeechOrDefault)
            {
                return false;
            }

            _startedWall = now - (_detector.Position - _startAt);
            _speechStarted.TrySetResult();
            _publish(Events.CallEventType.SpeechStarted, Events.CallEventData.Of("engine", Engine, "at", _startAt.TotalSeconds.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)));
            if (_recognizer is null)
            {
                return true;
            }

            _recognition = _recognizer.Start(_request);
            var from = (long)((_startAt - LeadIn).TotalSeconds * SampleRate);
            _preRoll.ReplaySince(from, _recognition.Feed);
            return false;
        }

        // A frame the jitter buffer made up (a loss concealed, a frame inserted to deepen the buffer)
        // counts for the detector's clock but is not the caller's voice: the recogniser does not hear it.
        if (concealed)
        {
            _concealed++;
        }
        else
        {
            _recognition.Feed(frame);
        }
        var tooLong = _detector.Position - _startAt >= _options.MaxSpeechOrDefault;
        if (transition.Kind != VadTransitionKind.SpeechEnded && !tooLong)
        {
            return false;
        }

        var endAt = transition.Kind == VadTransitionKind.SpeechEnded ? transition.At : _detector.Position;
        var speechEnded = now - (_detector.Position - endAt);
        // On a speech worker: waiting for the recogniser here is the work the pool exists for.
        var final = _recognition.FinishAsync(_stop.Token).GetAwaiter().GetResult();
        var recognized = _time.GetUtcNow();
        var timings = new SpeechTurnTimings(_startedWall, speechEnded, now, recognized, endAt - _startAt, final.ProcessingTime);
        var outcome = final.Text.Length > 0 ? SpeechTurnOutcome.Recognized : SpeechTurnOutcome.NoMatch;
        var result = new SpeechTurnResult(outcome, final.Text, final.Confidence, Engine, timings);
        _publish(Events.CallEventType.SpeechResult, new Dictionary<string, string?>
        {
            ["text"] = final.Text,
            ["confidence"] = final.Confidence.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
            ["engine"] = Engine,
            ["outcome"] = outcome.ToString().ToLowerInvariant(),
            ["concealed_frames"] = _concealed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["early_pauses_unconfirmed"] = (_early?.FalseAlarms ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        _result.TrySetResult(result);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _tap.Dispose();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _recognition?.Dispose();
        _detector.Dispose();
        _early?.Dispose();
        _stop.Dispose();
    }
}
