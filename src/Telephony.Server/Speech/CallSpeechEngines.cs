using Telephony.Calls.Speech;
using Telephony.Speech.Recognition;
using Telephony.Speech.Recognition.Grammars;
using Telephony.Speech.Recognition.Pocketsphinx;
using Telephony.Speech.Vad;

namespace Telephony.Server.Speech;

/// <summary>
/// The speech engines the server's calls listen with: the process's voice activity detectors
/// (Silero, or energy when its model is missing), pocketsphinx for grammars, menus and keywords
/// (English), and Whisper for free speech when a model is configured (pocketsphinx's language
/// model otherwise, in English).
/// </summary>
internal sealed class CallSpeechEngines(VoiceActivityDetectors detectors, PocketsphinxRecognizer? grammars, ISpeechRecognizer? freeSpeech) : ICallSpeechEngines, IDisposable
{
    public string Detector => detectors.Engine;

    /// <summary>The grammar recogniser's decoder pool (null without pocketsphinx): for the status line.</summary>
    public DecoderPoolStats? Decoders => grammars?.Decoders;

    public IVoiceActivityDetector CreateDetector(VadOptions options) => detectors.Create(options);

    public ISpeechRecognizer? RecognizerFor(RecognitionConstraint constraint, string language)
    {
        if (constraint is FreeSpeechConstraint && freeSpeech?.Supports(constraint, language) == true)
        {
            return freeSpeech;
        }

        return grammars?.Supports(constraint, language) == true ? grammars
            : freeSpeech?.Supports(constraint, language) == true ? freeSpeech
            : null;
    }

    public RecognitionConstraint Choices(IReadOnlyList<string> phrases, string language)
    {
        if (grammars is null || !grammars.Supports(new KeywordConstraint(phrases), language))
        {
            return new KeywordConstraint(phrases);
        }

        // One grammar of the menu's phrases: the caller says one of them (keyword spotting would
        // also report phrases merely like what was said). Every word is checked against the dictionary.
        return MenuGrammar.Build([.. phrases.Select(p => new MenuChoice(p))], grammars.Dictionary).Constraint;
    }

    public void Dispose()
    {
        detectors.Dispose();
        grammars?.Dispose();
    }
}
