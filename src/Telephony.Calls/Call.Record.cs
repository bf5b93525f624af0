using System.Globalization;
using Telephony.Calls.Events;
using Telephony.Calls.Playback;
using Telephony.Calls.Recording;
using Telephony.Calls.Speech;
using Telephony.Media.Taps;
using Telephony.Speech.Recognition;
using Telephony.Speech.Vad;

namespace Telephony.Calls;

/// <summary>Recording the caller (voicemail): beep, the caller's audio to a WAV, the end rules, transcription.</summary>
public sealed partial class Call
{
    /// <summary>Frames the recording's tap holds while its task is busy (5 s).</summary>
    private const int RecordTapFrames = 250;

    /// <summary>Voiced audio the recorder's detector needs before it counts as speech: a click or a breath is not a message.</summary>
    private static readonly TimeSpan RecordMinSpeech = TimeSpan.FromMilliseconds(150);

    private int _recordings;

    public async Task<RecordingResult?> RecordAsync(RecordingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ThrowIfEnded();
        if (_services.StepRecordingFolder is not { } folder)
        {
            return null;
        }

        if (options.Beep)
        {
            var beep = await PlayToneAsync(CallTone.Beep);
            if (beep.Items.Any(i => i.Outcome == PlayOutcome.CallEnded) || _ended.IsCancellationRequested)
            {
                return new RecordingResult(string.Empty, TimeSpan.Zero, RecordingEnd.Hangup);
            }
        }

        // Keys pressed during the prompt are not meant for the recording (a # to skip the greeting would stop it at once).
        while (_rtp.Digits.TryRead(out _))
        {
        }

        var max = options.EffectiveMaxLength(_services.MaxRecording);
        var path = Path.Combine(folder, _services.Time.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            $"{FileSafe(CallId)}-{Interlocked.Increment(ref _recordings)}.wav");
        var vad = new VadOptions(MinSpeech: RecordMinSpeech);
        var detector = _services.Speech?.CreateDetector(vad) ?? new EnergyVad(vad);
        var rules = new RecordingRules(max, options.Silence);
        WavStreamWriter writer;
        try
        {
            writer = new WavStreamWriter(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            detector.Dispose();
            _services.Log?.Invoke($"call {CallId}: recording: cannot create {path}: {e.Message}");
            return new RecordingResult(string.Empty, TimeSpan.Zero, RecordingEnd.Hangup);
        }

        var started = _services.Time.GetUtcNow();
        CallRecording.Ending ending;
        using (var tap = _rtp.Subscribe(TapDirection.Received, 8000, RecordTapFrames))
        {
            var recording = new CallRecording(tap, detector, writer, rules, max, options.StopKeys,
                token => _rtp.Digits.ReadAsync(token),
                digit => Publish(CallEventType.Dtmf, CallEventData.Of("digit", digit.ToString(CultureInfo.InvariantCulture))),
                _services.Time, _ended.Token);
            ending = await recording.RunAsync();
        }

        var engine = detector.Engine;
        detector.Dispose();
        if (!rules.HeardSpeech)
        {
            await writer.DiscardAsync();
            _services.CallLog?.Invoke($"call {CallId}: recording: nothing said ({RecordingResult.Name(ending.Reason)}, {engine}); no file kept");
            return new RecordingResult(string.Empty, TimeSpan.Zero, ending.Reason, ending.Key);
        }

        var samples = await writer.CompleteAsync();
        if (writer.Error is { } error)
        {
            _services.Log?.Invoke($"call {CallId}: recording: writing {path} failed: {error.Message}");
        }

        var result = new RecordingResult(path, TimeSpan.FromSeconds(samples / 8000.0), ending.Reason, ending.Key);
        var data = new Dictionary<string, string?>
        {
            ["path"] = path,
            ["duration"] = result.Duration.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture),
            ["reason"] = result.ReasonText,
        };
        if (ending.Key is { } key)
        {
            data["key"] = key.ToString(CultureInfo.InvariantCulture);
        }

        Publish(CallEventType.RecordingSaved, data);
        _services.CallLog?.Invoke($"call {CallId}: {CallEventType.RecordingSaved} {string.Join(' ', data.Select(kv => $"{kv.Key}={kv.Value}"))}");
        return options.Transcribe ? await TranscribeAsync(result, options.Language, started, rules) : result;
    }

    /// <summary>The free-speech recogniser over the kept file; its text in the result and a <c>transcripts</c> row (outcome <c>recording</c>).</summary>
    private async Task<RecordingResult> TranscribeAsync(RecordingResult result, string language, DateTimeOffset started, RecordingRules rules)
    {
        var recognizer = _services.Speech?.RecognizerFor(new FreeSpeechConstraint(), language);
        if (recognizer is null)
        {
            _services.CallLog?.Invoke($"call {CallId}: recording: not transcribed: no free-speech recogniser for {language} (see docs/speech.md)");
            return result;
        }

        RecognitionResult final;
        try
        {
            var audio = Telephony.Media.Wav.WavReader.Read(result.Path);
            using var recognition = recognizer.Start(new RecognitionRequest(new FreeSpeechConstraint(), language, audio.SampleRate));
            recognition.Feed(audio.Samples);
            final = await recognition.FinishAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is Telephony.Speech.SpeechException or InvalidDataException or IOException or InvalidOperationException)
        {
            _services.Log?.Invoke($"call {CallId}: recording: transcription failed: {e.Message}");
            return result;
        }

        var at = (TimeSpan? offset) => offset is { } o ? started + o : (DateTimeOffset?)null;
        var speech = rules.SpeechStart is { } s && rules.SpeechEnd is { } e2 && e2 > s ? e2 - s : result.Duration;
        _services.Transcripts?.Write(new TranscriptRecord(
            CallId, Interlocked.Increment(ref _turns), "recording", final.Text, final.Confidence, recognizer.Engine, language,
            new SpeechTurnTimings(at(rules.SpeechStart), at(rules.SpeechEnd), null, _services.Time.GetUtcNow(), speech, final.ProcessingTime)));
        _services.CallLog?.Invoke($"call {CallId}: recording: transcribed by {recognizer.Engine}: '{final.Text}'");
        return result with { Text = final.Text, Engine = recognizer.Engine };
    }

    /// <summary>A Call-ID as a file name: letters, digits, '.', '-', '_' and '@' kept, the rest '_', at most 64 characters.</summary>
    internal static string FileSafe(string callId)
    {
        var name = new string([.. callId.Take(64).Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@' ? c : '_')]);
        return name.Trim('.').Length == 0 ? "call" : name;
    }
}
