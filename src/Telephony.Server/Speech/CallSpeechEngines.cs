using Telephony.Calls.Speech;
using Telephony.Speech.Recognition;
using Telephony.Speech.Vad;

namespace Telephony.Server.Speech;

/// <summary>
/// The speech engines the server's calls listen with: the process's voice activity detectors
/// (Silero, or energy when its model is missing) and the recognisers configured, the first that
/// takes a turn's input and language winning (grammar engines are listed before free-speech ones).
/// </summary>
internal sealed class CallSpeechEngines(VoiceActivityDetectors detectors, IReadOnlyList<ISpeechRecognizer> recognizers) : ICallSpeechEngines, IDisposable
{
    public IReadOnlyList<ISpeechRecognizer> Recognizers { get; } = recognizers;

    public string Detector => detectors.Engine;

    public IVoiceActivityDetector CreateDetector(VadOptions options) => detectors.Create(options);

    public ISpeechRecognizer? RecognizerFor(RecognitionConstraint constraint, string language) =>
        Recognizers.FirstOrDefault(r => r.Supports(constraint, language));

    public void Dispose()
    {
        detectors.Dispose();
        foreach (var recognizer in Recognizers.OfType<IDisposable>())
        {
            recognizer.Dispose();
        }
    }
}
