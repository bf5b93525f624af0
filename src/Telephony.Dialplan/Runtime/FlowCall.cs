using Telephony.Calls;
using Telephony.Calls.Playback;
using Telephony.Calls.Speech;
using Telephony.Dialplan.Model.Steps;

namespace Telephony.Dialplan.Runtime;

/// <summary>
/// The call as the steps use it: everything through <see cref="IDialplanCall"/> when the runner was
/// given one (the simulator), else the nearest real thing on a plain <see cref="ICall"/>: TTS and say
/// values rendered to prompt files by the runtime's <see cref="IPromptSpeech"/> (without one, TTS
/// skipped and values read from digit files), speech input through the call's speech turns when it
/// has speech engines (menus and gathers take DTMF only when it has none).
/// </summary>
/// <param name="call">The call.</param>
/// <param name="full">The same call's full interface when it has one (said by whoever built the runner, never probed), else null.</param>
/// <param name="observer">Hears notes about what was done the nearest real way.</param>
/// <param name="speech">Renders TTS and say prompts on a plain call; null: TTS skipped, values from digit files.</param>
public sealed class FlowCall(ICall call, IDialplanCall? full, IFlowObserver observer, IPromptSpeech? speech = null)
{
    public ICall Call { get; } = call;

    /// <summary>The full interface, or null on a plain call.</summary>
    public IDialplanCall? Full { get; } = full;

    // What the caller said or keyed while a full gather waited for a stray terminator: it is the next step's input.
    private CallInput? _early;

    // The turn listening since the prompt began (barge-in); the next read takes it.
    private ISpeechTurn? _turn;

    /// <summary>
    /// Plays prompts; <paramref name="answer"/> says how the caller will answer them: when that is
    /// speech and the call can listen, listening starts with the prompt, so an interruptible prompt
    /// stops when the caller talks over it and the words are the answer.
    /// </summary>
    public async Task PlayAsync(IReadOnlyList<RenderedPrompt> prompts, bool interruptible, InputRequest? answer = null)
    {
        if (interruptible && _early is { } early)
        {
            // The caller is already answering: the key (or words) would have stopped this prompt at once.
            observer.Note($"prompt skipped: the caller already gave '{early.Text}'");
            return;
        }

        if (Full is { } full)
        {
            await full.PlayPromptsAsync(prompts, interruptible);
            return;
        }

        var files = await PromptRenderer.ToFilesAsync(prompts, speech, observer.Note, Call.Ended);
        await DropTurnAsync();
        if (answer is { Mode: not InputMode.Dtmf } && interruptible)
        {
            _turn = Call.BeginSpeechTurn(TurnOptions(answer));
        }

        if (files.Count > 0)
        {
            if (_turn is null)
            {
                await Call.PlayAsync(files, interruptible);
                return;
            }

            await Call.PlayListAsync([.. files.Select(PlayListItem.Prompt)], interruptible, _turn);
            if (Call.HowEnded is not null || Call.Ended.IsCancellationRequested)
            {
                await DropTurnAsync();
                throw new CallEndedException();
            }
        }
    }

    /// <summary>
    /// After a gather filled up to <c>max</c>: a caller told to "press hash" presses it anyway.
    /// Waits at most <paramref name="window"/> for the next key; the terminator is dropped, any
    /// other key (or words) is kept as the next step's input, and silence costs only the window.
    /// </summary>
    public async Task SwallowTerminatorAsync(char terminator, TimeSpan window)
    {
        var next = await ReadRawAsync(new InputRequest(InputMode.Both, 1, terminator, window, window, []));
        _early = next.Text.Length > 0 ? next : null;
    }

    public async Task<CallInput> ReadAsync(InputRequest request)
    {
        if (_early is not { } early)
        {
            return await ReadRawAsync(request);
        }

        _early = null;
        if (early.Mode == "speech")
        {
            return request.Mode == InputMode.Dtmf ? await ReadRawAsync(request) : early;
        }

        if (request.Mode == InputMode.Speech)
        {
            return await ReadRawAsync(request);
        }

        if (early.Text[0] == request.Terminator)
        {
            return CallInput.None;
        }

        if (request.MaxDigits <= 1)
        {
            return early;
        }

        // The key already pressed is the first of this input; the rest follows at the inter-digit pace.
        var rest = await ReadRawAsync(request with { Mode = InputMode.Dtmf, MaxDigits = request.MaxDigits - 1, FirstTimeout = request.InterDigitTimeout });
        return new CallInput(early.Text + rest.Text, "dtmf");
    }

    /// <summary>
    /// The step has decided what the input it read means (a choice or none, valid or not): when
    /// that input was speech, the turn's record gets the decision time (see <see cref="ICall.SpeechTurnDecided"/>).
    /// </summary>
    public void Decided(CallInput input)
    {
        if (input.Mode == "speech" && Full is null)
        {
            Call.SpeechTurnDecided();
        }
    }

    private static SpeechTurnOptions TurnOptions(InputRequest request) =>
        new(request.Phrases, request.Grammar, string.IsNullOrEmpty(request.Language) ? "en-US" : request.Language, request.Speech?.MinSpeech, request.Speech?.EndSilence,
            PhrasesAreChoices: request.PhrasesAreChoices);

    private async Task DropTurnAsync()
    {
        if (_turn is { } turn)
        {
            _turn = null;
            await turn.DisposeAsync();
        }
    }

    private async Task<CallInput> ReadRawAsync(InputRequest request)
    {
        if (Full is { } full)
        {
            return await full.ReadInputAsync(request);
        }

        if (request.Mode != InputMode.Dtmf)
        {
            var turn = _turn ?? Call.BeginSpeechTurn(TurnOptions(request));
            _turn = null;
            if (turn is not null)
            {
                await using (turn)
                {
                    var heard = await turn.ResultAsync(request.FirstTimeout);
                    switch (heard.Outcome)
                    {
                        case SpeechTurnOutcome.Recognized or SpeechTurnOutcome.NoMatch:
                            observer.Note($"heard '{heard.Text}' ({heard.Engine}, confidence {heard.Confidence:0.00})");
                            return heard.Outcome == SpeechTurnOutcome.Recognized ? new CallInput(heard.Text, "speech") : new CallInput(string.Empty, "speech");
                        case SpeechTurnOutcome.NoInput:
                            return CallInput.None;
                        case SpeechTurnOutcome.CallEnded:
                            throw new CallEndedException();
                        case SpeechTurnOutcome.Unavailable:
                            observer.Note(heard.Text);
                            break;
                        default:
                            break; // a key came first: read the digits below
                    }
                }
            }

            if (request.Mode == InputMode.Speech)
            {
                // No recogniser for this input: waiting would only make the caller talk to silence.
                observer.Note("no speech recognition on this call: counted as no input");
                return CallInput.None;
            }
        }

        var digits = await Call.GatherDigitsAsync(new GatherOptions(request.MaxDigits, request.Terminator, request.FirstTimeout, request.InterDigitTimeout));
        return digits.Length == 0 ? CallInput.None : new CallInput(digits, "dtmf");
    }
}
