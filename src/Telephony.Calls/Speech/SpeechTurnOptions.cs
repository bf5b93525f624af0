namespace Telephony.Calls.Speech;

/// <summary>What one turn listens for and how it decides that the caller spoke and stopped.</summary>
/// <param name="Phrases">The words or phrases a menu or gather accepts (choices and synonyms, keywords); empty with no <paramref name="Grammar"/> for free speech.</param>
/// <param name="Grammar">A JSGF grammar's text (a gather's <c>grammar</c> file); null when phrases or free speech.</param>
/// <param name="Language">BCP 47 recognition language (<c>en-US</c>).</param>
/// <param name="MinSpeech">Voiced audio needed before speech counts: a barge-in or the start of an answer (a cough or "uh-huh" is shorter).</param>
/// <param name="EndSilence">Silence after speech that ends the utterance.</param>
/// <param name="MaxSpeech">The longest utterance: recognition ends there even if the caller goes on.</param>
/// <param name="PhrasesAreChoices">True for a menu: the caller says one of the phrases (a grammar of them); false for keywords spotted in whatever is said.</param>
public sealed record SpeechTurnOptions(
    IReadOnlyList<string> Phrases,
    string? Grammar = null,
    string Language = "en-US",
    TimeSpan? MinSpeech = null,
    TimeSpan? EndSilence = null,
    TimeSpan? MaxSpeech = null,
    bool PhrasesAreChoices = false)
{
    /// <summary>Speech shorter than this does not barge in (the dialplan's <c>barge_in.min_speech</c>).</summary>
    public static readonly TimeSpan DefaultMinSpeech = TimeSpan.FromMilliseconds(150);

    /// <summary>End-of-turn silence: short enough for a quick answer, long enough for a pause between words.</summary>
    public static readonly TimeSpan DefaultEndSilence = TimeSpan.FromMilliseconds(300);

    public static readonly TimeSpan DefaultMaxSpeech = TimeSpan.FromSeconds(15);

    public TimeSpan MinSpeechOrDefault => MinSpeech ?? DefaultMinSpeech;

    public TimeSpan EndSilenceOrDefault => EndSilence ?? DefaultEndSilence;

    public TimeSpan MaxSpeechOrDefault => MaxSpeech ?? DefaultMaxSpeech;
}

/// <summary>How a turn ended.</summary>
public enum SpeechTurnOutcome
{
    /// <summary>Speech was recognised: <see cref="SpeechTurnResult.Text"/> holds it.</summary>
    Recognized,

    /// <summary>The caller spoke but nothing the turn listens for was recognised.</summary>
    NoMatch,

    /// <summary>No speech started within the no-input timeout.</summary>
    NoInput,

    /// <summary>A DTMF key came first; it stays queued for the flow's digit reading.</summary>
    Digit,

    /// <summary>The call ended while listening.</summary>
    CallEnded,

    /// <summary>No recogniser takes this turn's phrases, grammar or language: <see cref="SpeechTurnResult.Text"/> says why.</summary>
    Unavailable,
}

/// <summary>The answer of one turn and how long each part of getting it took.</summary>
/// <param name="Outcome">How the turn ended.</param>
/// <param name="Text">The words recognised (lower case), or why none were.</param>
/// <param name="Confidence">0..1 from the engine.</param>
/// <param name="Engine">The recogniser and detector that heard it, e.g. <c>pocketsphinx+silero</c>.</param>
/// <param name="Timings">Where the time went.</param>
public sealed record SpeechTurnResult(SpeechTurnOutcome Outcome, string Text, double Confidence, string Engine, SpeechTurnTimings Timings);

/// <summary>The latency of one turn, each point in wall-clock time (null when the turn never got there).</summary>
/// <param name="SpeechStarted">When the caller's first voiced audio played out of the jitter buffer.</param>
/// <param name="SpeechEnded">When the caller's last voiced audio played out.</param>
/// <param name="VadEnded">When the detector decided the utterance was over (<paramref name="SpeechEnded"/> plus the end silence, plus its own delay).</param>
/// <param name="Recognized">When the recogniser's final result was ready.</param>
/// <param name="SpeechLength">Voiced audio from start to end.</param>
/// <param name="RecognitionTime">Time the recogniser spent on the utterance.</param>
/// <param name="Decided">When the flow decided on the answer (a menu chose its branch, a gather judged the input); known after the turn's record was written, so it arrives as an update.</param>
/// <param name="ReplyStarted">When the first RTP packet of what the call played next (the reply) left; an update like <paramref name="Decided"/>.</param>
public sealed record SpeechTurnTimings(
    DateTimeOffset? SpeechStarted = null,
    DateTimeOffset? SpeechEnded = null,
    DateTimeOffset? VadEnded = null,
    DateTimeOffset? Recognized = null,
    TimeSpan SpeechLength = default,
    TimeSpan RecognitionTime = default,
    DateTimeOffset? Decided = null,
    DateTimeOffset? ReplyStarted = null);
