using Telephony.Speech.Recognition;
using Telephony.Speech.Vad;

namespace Telephony.Calls.Speech;

/// <summary>
/// The speech engines calls listen with, chosen by the server's configuration: a voice activity
/// detector per turn and a recogniser per kind of input and language.
/// </summary>
public interface ICallSpeechEngines
{
    /// <summary>A new detector for one stream of 8 kHz audio.</summary>
    IVoiceActivityDetector CreateDetector(VadOptions options);

    /// <summary>The recogniser for <paramref name="constraint"/> in <paramref name="language"/>, or null when none takes it.</summary>
    ISpeechRecognizer? RecognizerFor(RecognitionConstraint constraint, string language);

    /// <summary>What a menu listens for: the caller says one of <paramref name="phrases"/> (a grammar where the engine takes one).</summary>
    /// <exception cref="Telephony.Speech.SpeechException">A phrase the engine cannot listen for (a word outside its dictionary); the message names it.</exception>
    RecognitionConstraint Choices(IReadOnlyList<string> phrases, string language) => new KeywordConstraint(phrases);
}
