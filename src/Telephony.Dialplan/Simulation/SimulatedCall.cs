using System.Globalization;
using Telephony.Calls;
using Telephony.Calls.Recording;
using Telephony.Dialplan.Model.Steps;
using Telephony.Dialplan.Runtime;

namespace Telephony.Dialplan.Simulation;

/// <summary>
/// A call played by a script instead of a phone: the caller's keys, words, silences and hangup
/// come from <see cref="SimulatedInput"/>s, time from a <see cref="SimulationClock"/> (timeouts
/// expire at once), and everything the flow does is written to the transcript. It implements
/// the whole <see cref="IDialplanCall"/>, so speech menus, recordings and queues run here before
/// real calls have them.
/// </summary>
/// <remarks>Driven by the flow's one task; not thread-safe.</remarks>
public sealed partial class SimulatedCall : IDialplanCall, IDisposable
{
    private readonly Queue<SimulatedInput> _inputs;
    private readonly SimulationClock _clock;
    private readonly Action<string> _write;
    private readonly IReadOnlyDictionary<string, string> _headers;
    private readonly CancellationTokenSource _ended = new();
    private int _recordings;

    public SimulatedCall(string from, string to, IEnumerable<SimulatedInput> inputs, SimulationClock clock, Action<string> write, IReadOnlyDictionary<string, string>? headers = null)
    {
        From = from;
        To = to;
        _inputs = new Queue<SimulatedInput>(inputs);
        _clock = clock;
        _write = write;
        _headers = headers ?? new Dictionary<string, string>();
    }

    public string CallId { get; } = "sim-" + Guid.NewGuid().ToString("N")[..8];

    public string From { get; }

    public string To { get; }

    public CancellationToken Ended => _ended.Token;

    public bool Answered { get; private set; }

    /// <summary>The cause given to <see cref="HangupAsync"/>, or "caller" when the script hung up; null while the call is up.</summary>
    public string? HangupCause { get; private set; }

    /// <summary>Inputs the flow never consumed.</summary>
    public IReadOnlyCollection<SimulatedInput> Unused => _inputs;

    public string Header(string name) =>
        _headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value ?? string.Empty;

    public Task RingAsync(TimeSpan duration)
    {
        ThrowIfEnded();
        _write($"  ringing {Seconds(duration)}");
        _clock.Advance(duration);
        return Task.CompletedTask;
    }

    public Task AnswerAsync()
    {
        ThrowIfEnded();
        Answered = true;
        _write("  answered");
        return Task.CompletedTask;
    }

    public Task PlayAsync(IReadOnlyList<string> prompts, bool interruptible) =>
        PlayPromptsAsync([.. prompts.Select(p => new RenderedPrompt(PromptKind.File, p))], interruptible);

    public Task PlayPromptsAsync(IReadOnlyList<RenderedPrompt> prompts, bool interruptible)
    {
        foreach (var prompt in prompts)
        {
            if (interruptible)
            {
                CheckHangup();
            }

            ThrowIfEnded();
            if (interruptible && InterruptionWaiting() is { } next)
            {
                // The key (or word) stops the prompt and stays for the menu or gather that follows.
                _write($"  (prompt interrupted by {next})");
                return Task.CompletedTask;
            }

            _write($"  play {prompt}");
        }

        return Task.CompletedTask;
    }

    public async Task<string> GatherDigitsAsync(GatherOptions options) =>
        (await ReadInputAsync(new InputRequest(Model.Steps.InputMode.Dtmf, options.MaxDigits, options.Terminator, options.FirstDigitTimeout, options.InterDigitTimeout, []))).Text;

    public Task<CallInput> ReadInputAsync(InputRequest request)
    {
        var digits = string.Empty;
        var waiting = request.FirstTimeout;
        var keys = request.Mode != InputMode.Speech;
        var speech = request.Mode != InputMode.Dtmf;
        while (true)
        {
            CheckHangup();
            if (!_inputs.TryPeek(out var next) || next is SimulatedInput.TransferResult)
            {
                _clock.Advance(waiting);
                _write($"  (no more input: timeout after {Seconds(waiting)})");
                return Task.FromResult(Collected(digits));
            }

            switch (next)
            {
                case SimulatedInput.Key key when keys:
                    _inputs.Dequeue();
                    if (key.Digit == request.Terminator)
                    {
                        _write($"  key {key.Digit} (ends input)");
                        return Task.FromResult(new CallInput(digits, "dtmf"));
                    }

                    digits += key.Digit;
                    _write($"  key {key.Digit}");
                    if (digits.Length >= request.MaxDigits)
                    {
                        return Task.FromResult(new CallInput(digits, "dtmf"));
                    }

                    waiting = request.InterDigitTimeout;
                    break;
                case SimulatedInput.Say say when speech && digits.Length == 0:
                    _inputs.Dequeue();
                    _write($"  heard \"{say.Words}\"");
                    return Task.FromResult(new CallInput(say.Words, "speech"));
                case SimulatedInput.Say when digits.Length > 0:
                    // Speaking after keys ends the key input; the words wait for the next question.
                    return Task.FromResult(Collected(digits));
                case SimulatedInput.Wait wait:
                    _inputs.Dequeue();
                    if (wait.Duration >= waiting)
                    {
                        _clock.Advance(waiting);
                        _write($"  silence {Seconds(wait.Duration)}: timeout after {Seconds(waiting)}");
                        return Task.FromResult(Collected(digits));
                    }

                    _clock.Advance(wait.Duration);
                    waiting -= wait.Duration;
                    _write($"  silence {Seconds(wait.Duration)}");
                    break;
                default:
                    _inputs.Dequeue();
                    _write($"  {next} not heard: this input takes {(keys ? "keys only" : "speech only")}");
                    break;
            }
        }
    }

    /// <summary>
    /// Records as a real call does: words are the message (0.4 s a word), a stop key or a silence
    /// of at least the step's <c>silence</c> ends it (a shorter one is a pause in it), other keys
    /// are ignored, a hangup keeps what was said; at the end of the script silence ends it.
    /// </summary>
    public Task<RecordingResult?> RecordAsync(RecordingOptions options)
    {
        CheckHangup();
        if (options.Beep)
        {
            _write("  beep");
        }

        var max = options.EffectiveMaxLength();
        _write($"  recording (at most {Seconds(max)})");
        var message = string.Empty;
        var length = TimeSpan.Zero;
        char? key = null;
        RecordingEnd reason;
        while (true)
        {
            if (length >= max)
            {
                reason = RecordingEnd.MaxLength;
                _write($"  {Seconds(max)} recorded (ends recording)");
                break;
            }

            if (!_inputs.TryPeek(out var next))
            {
                reason = options.Silence > TimeSpan.Zero ? RecordingEnd.Silence : RecordingEnd.MaxLength;
                break;
            }

            _inputs.Dequeue();
            if (next is SimulatedInput.Say say)
            {
                message += (message.Length > 0 ? " " : string.Empty) + say.Words;
                var spoken = TimeSpan.FromSeconds(say.Words.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length * 0.4);
                _clock.Advance(spoken);
                length += spoken;
                _write($"  recorded \"{say.Words}\"");
            }
            else if (next is SimulatedInput.Key k)
            {
                if (options.StopKeys.Contains(k.Digit, StringComparison.Ordinal))
                {
                    reason = RecordingEnd.Key;
                    key = k.Digit;
                    _write($"  key {k.Digit} (stops recording)");
                    break;
                }

                _write($"  key {k.Digit} (ignored while recording)");
            }
            else if (next is SimulatedInput.Wait wait)
            {
                if (options.Silence > TimeSpan.Zero && wait.Duration >= options.Silence)
                {
                    _clock.Advance(options.Silence);
                    length += options.Silence;
                    reason = RecordingEnd.Silence;
                    _write($"  silence {Seconds(wait.Duration)} (ends recording)");
                    break;
                }

                _clock.Advance(wait.Duration);
                length += wait.Duration;
                _write($"  silence {Seconds(wait.Duration)}");
            }
            else if (next is SimulatedInput.Hangup)
            {
                HangupCause = "caller";
                _write("  caller hangs up");
                _ended.Cancel();
                reason = RecordingEnd.Hangup;
                break;
            }
            else
            {
                _write($"  {next} not heard while recording");
            }
        }

        if (length > max)
        {
            length = max;
        }

        if (message.Length == 0)
        {
            return Task.FromResult<RecordingResult?>(new RecordingResult(string.Empty, TimeSpan.Zero, reason, key));
        }

        var path = string.Create(CultureInfo.InvariantCulture, $"recordings/{CallId}-{++_recordings}.wav");
        return Task.FromResult<RecordingResult?>(new RecordingResult(path, length, reason, key,
            options.Transcribe ? message : string.Empty, options.Transcribe ? "simulated" : string.Empty));
    }

    public Task<bool> TransferToQueueAsync(string queue, TimeSpan timeout) => Transfer("queue:" + queue);

    public async Task<Telephony.Calls.Control.CallAttemptResult> TransferAsync(string target, Telephony.Calls.Control.TransferMode mode, TimeSpan timeout, string? callerId = null) =>
        await Transfer(target)
            ? new Telephony.Calls.Control.CallAttemptResult(true, 200, "answered", "simulated")
            : new Telephony.Calls.Control.CallAttemptResult(false, 486, "busy", "simulated");

    public Task HangupAsync(string cause = "normal")
    {
        if (HangupCause is null)
        {
            HangupCause = cause;
            _write($"  hangup ({cause})");
            _ended.Cancel();
        }

        return Task.CompletedTask;
    }

    public void Dispose() => _ended.Dispose();

    private Task<bool> Transfer(string target)
    {
        ThrowIfEnded();
        var succeeds = true;
        if (_inputs.TryPeek(out var next) && next is SimulatedInput.TransferResult result)
        {
            _inputs.Dequeue();
            succeeds = result.Succeeds;
        }

        _write($"  transfer to {target}: {(succeeds ? "connected" : "failed")}");
        return Task.FromResult(succeeds);
    }

    /// <summary>
    /// Ends the call when the script's next move is to hang up. Checked where the flow waits for
    /// the caller (an input, a recording, an interruptible prompt), so <c>hangup</c> means "hangs
    /// up instead of answering the next question".
    /// </summary>
    /// <summary>A key or words next in the script: they barge into an interruptible prompt and stay for what follows.</summary>
    private SimulatedInput? InterruptionWaiting() =>
        _inputs.TryPeek(out var next) && next is SimulatedInput.Key or SimulatedInput.Say ? next : null;

    private void CheckHangup()
    {
        if (HangupCause is null && _inputs.TryPeek(out var next) && next is SimulatedInput.Hangup)
        {
            _inputs.Dequeue();
            HangupCause = "caller";
            _write("  caller hangs up");
            _ended.Cancel();
        }

        ThrowIfEnded();
    }

    private void ThrowIfEnded()
    {
        if (HangupCause is not null)
        {
            throw new CallEndedException();
        }
    }

    private static CallInput Collected(string digits) => digits.Length == 0 ? CallInput.None : new CallInput(digits, "dtmf");

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
}
