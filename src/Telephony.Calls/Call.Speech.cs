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

    private void Record(SpeechTurnResult result, string language) =>
        _services.Transcripts?.Write(new TranscriptRecord(
            CallId, Interlocked.Increment(ref _turns), result.Outcome.ToString().ToLowerInvariant(), result.Text, result.Confidence, result.Engine, language, result.Timings));
}
