using Telephony.Calls.Speech;
using Telephony.Media.Taps;
using Telephony.Speech.Recognition;
using Telephony.Speech.Vad;

namespace Telephony.Calls;

/// <summary>Listening to the caller: speech turns over the caller's audio, with barge-in on prompts.</summary>
public sealed partial class Call
{
    /// <summary>Frames a turn's tap holds while its task is busy recognising (5 s): beyond that, frames are dropped and counted.</summary>
    private const int SpeechTapFrames = 250;

    public ISpeechTurn? BeginSpeechTurn(SpeechTurnOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ThrowIfEnded();
        if (_services.Speech is not { } engines)
        {
            return null;
        }

        RecognitionConstraint constraint;
        ISpeechRecognizer? recognizer;
        try
        {
            constraint = options.Grammar is { } grammar ? new GrammarConstraint(grammar)
                : options.Phrases.Count == 0 ? new FreeSpeechConstraint()
                : options.PhrasesAreChoices ? engines.Choices(options.Phrases, options.Language)
                : new KeywordConstraint(options.Phrases);
            recognizer = engines.RecognizerFor(constraint, options.Language);

            // The prompt has just started: the recogniser gets its decoders ready in the background, so the decode at the turn's end does not build one.
            recognizer?.Prepare(constraint, options.Language);
        }
        catch (Telephony.Speech.SpeechException e)
        {
            // The turn still listens (barge-in works) and answers "unavailable" with the reason.
            _services.Log?.Invoke($"call {CallId}: speech: {e.Message}");
            constraint = new FreeSpeechConstraint();
            recognizer = null;
        }

        // The detector calls the onset; the turn applies the step's minimum speech (see CallSpeechTurn).
        var detector = engines.CreateDetector(new VadOptions(MinSpeech: CallSpeechTurn.OnsetSpeech, TrailingSilence: options.EndSilenceOrDefault));
        var tap = _rtp.Subscribe(TapDirection.Received, 8000, SpeechTapFrames);
        return new CallSpeechTurn(
            tap,
            detector,
            recognizer,
            new RecognitionRequest(constraint, options.Language, 8000),
            options,
            _services.Time,
            async token => await _rtp.Digits.WaitToReadAsync(token),
            (type, data) =>
            {
                Publish(type, data);
                _services.CallLog?.Invoke($"call {CallId}: {type} {string.Join(' ', data.Select(kv => $"{kv.Key}={kv.Value}"))}");
            },
            result => Record(result, options.Language),
            _ended.Token,
            _services.SpeechWorkers,
            _services.Log is { } log ? line => log($"call {CallId}: {line}") : null);
    }

    private int _turns;

    // The last turn that heard speech, until its breakdown is complete: the flow's decision, then the reply's first packet.
    private TurnFollowUp? _followUp;

    private void Record(SpeechTurnResult result, string language)
    {
        var turn = Interlocked.Increment(ref _turns);
        _services.Transcripts?.Write(new TranscriptRecord(
            CallId, turn, result.Outcome.ToString().ToLowerInvariant(), result.Text, result.Confidence, result.Engine, language, result.Timings));
        Volatile.Write(ref _followUp, result.Timings.SpeechEnded is { } ended && result.Outcome is SpeechTurnOutcome.Recognized or SpeechTurnOutcome.NoMatch
            ? new TurnFollowUp(turn, ended)
            : null);
    }

    public void SpeechTurnDecided()
    {
        if (Volatile.Read(ref _followUp) is { } followUp && followUp.Decide(_services.Time.GetUtcNow()) is { } decided)
        {
            _services.Transcripts?.Update(new TranscriptFollowUp(CallId, followUp.Turn, followUp.SpeechEnded, decided, null));
        }
    }

    /// <summary>
    /// For the first play list after a turn heard speech (the reply): what the playback calls when
    /// its first packet leaves, on the clock thread, to time it. Null for every other list.
    /// </summary>
    private Action? ReplyFirstPacket()
    {
        if (Volatile.Read(ref _followUp) is not { } followUp || !followUp.ClaimReply() || _services.Transcripts is not { } sink)
        {
            return null;
        }

        var time = _services.Time;
        var callId = CallId;

        // On the clock thread: a clock read and a non-blocking queue write, once per turn.
        return () => sink.Update(new TranscriptFollowUp(callId, followUp.Turn, followUp.SpeechEnded, null, time.GetUtcNow()));
    }

    /// <summary>One answered turn waiting for the rest of its breakdown; each part is taken once.</summary>
    private sealed class TurnFollowUp(int turn, DateTimeOffset speechEnded)
    {
        private int _decided;
        private int _replied;

        public int Turn { get; } = turn;

        public DateTimeOffset SpeechEnded { get; } = speechEnded;

        public DateTimeOffset? Decide(DateTimeOffset now) => Interlocked.Exchange(ref _decided, 1) == 0 ? now : null;

        public bool ClaimReply() => Interlocked.Exchange(ref _replied, 1) == 0;
    }
}
