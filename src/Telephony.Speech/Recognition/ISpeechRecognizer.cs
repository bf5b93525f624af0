namespace Telephony.Speech.Recognition;

/// <summary>
/// Speech to text. An engine starts recognitions; each recognition is fed one utterance's audio
/// and gives partial results as it goes and one final result. Engines are thread-safe; a
/// recognition is used by one task at a time.
/// </summary>
public interface ISpeechRecognizer
{
    /// <summary><c>pocketsphinx</c> or <c>whisper</c>.</summary>
    string Engine { get; }

    /// <summary>Whether this engine can take <paramref name="constraint"/> (a grammar, keywords, free speech) in <paramref name="language"/>.</summary>
    bool Supports(RecognitionConstraint constraint, string language);

    /// <summary>
    /// A hint that recognitions of <paramref name="constraint"/> are coming (a menu's prompt has
    /// started): an engine may get them ready in the background (pocketsphinx builds its decoders).
    /// Returns at once and never throws for a bad constraint; <see cref="Start"/> does.
    /// </summary>
    void Prepare(RecognitionConstraint constraint, string language)
    {
    }

    /// <summary>Starts recognising one utterance.</summary>
    /// <exception cref="SpeechException">The grammar does not parse, the language has no model, ...; the message says which.</exception>
    ISpeechRecognition Start(RecognitionRequest request);
}

/// <summary>One utterance being recognised.</summary>
public interface ISpeechRecognition : IDisposable
{
    /// <summary>Feeds audio at the request's sample rate (the engine converts to its model's rate, e.g. 8 → 16 kHz).</summary>
    void Feed(ReadOnlySpan<short> samples);

    /// <summary>The best guess so far, or null; cheap to read.</summary>
    RecognitionResult? Partial { get; }

    /// <summary>Ends the utterance and returns the final result (empty text when nothing matched).</summary>
    Task<RecognitionResult> FinishAsync(CancellationToken cancellationToken = default);
}

/// <summary>What to listen for.</summary>
/// <param name="Constraint">A grammar, a keyword list, or free speech.</param>
/// <param name="Language">BCP 47 language (<c>en-US</c>).</param>
/// <param name="SampleRate">Rate of the audio fed: 8000 (telephone) or 16000.</param>
public sealed record RecognitionRequest(RecognitionConstraint Constraint, string Language = "en-US", int SampleRate = 8000);

/// <summary>What a recognition may return.</summary>
public abstract record RecognitionConstraint;

/// <summary>A JSGF grammar (text of a <c>.gram</c> file).</summary>
public sealed record GrammarConstraint(string Jsgf) : RecognitionConstraint;

/// <summary>Any of these words or phrases (a menu's choices and synonyms).</summary>
public sealed record KeywordConstraint(IReadOnlyList<string> Phrases) : RecognitionConstraint;

/// <summary>Anything (open questions, voicemail, transcripts).</summary>
public sealed record FreeSpeechConstraint : RecognitionConstraint;

/// <summary>A recognised utterance.</summary>
/// <param name="Text">The words, lower case, single spaces; empty when nothing matched.</param>
/// <param name="Confidence">0..1, the engine's own measure mapped to that range.</param>
/// <param name="Words">Each word with where it lies in the audio fed.</param>
/// <param name="Engine">Which engine said so.</param>
/// <param name="IsFinal">False for a partial result.</param>
/// <param name="ProcessingTime">CPU-side time the engine spent on this utterance so far.</param>
/// <param name="AudioLength">Audio fed so far.</param>
public sealed record RecognitionResult(string Text, double Confidence, IReadOnlyList<WordTiming> Words, string Engine, bool IsFinal, TimeSpan ProcessingTime, TimeSpan AudioLength)
{
    /// <summary>Processing time over audio length: below 1 is faster than real time.</summary>
    public double RealTimeFactor => AudioLength > TimeSpan.Zero ? ProcessingTime / AudioLength : 0;

    /// <summary>The engine's own phrases with their timing and text as the engine wrote it (Whisper's segments, with punctuation); empty for engines without them.</summary>
    public IReadOnlyList<SegmentTiming> Segments { get; init; } = [];
}

/// <summary>A word and where it lies in the utterance's audio.</summary>
public sealed record WordTiming(string Word, TimeSpan Start, TimeSpan End, double Confidence);

/// <summary>A phrase of the utterance (a Whisper segment) and where it lies in the audio fed.</summary>
/// <param name="Text">The phrase as the engine wrote it (case and punctuation kept, trimmed).</param>
public sealed record SegmentTiming(string Text, TimeSpan Start, TimeSpan End, double Confidence);
