using Telephony.Speech.Recognition;

namespace Telephony.Speech.Tests.Recognition;

/// <summary>Feeds a recording to a recognizer in 20 ms frames, as a call's audio arrives.</summary>
internal static class RecognizerRun
{
    public static RecognitionResult Recognize(ISpeechRecognizer recognizer, RecognitionConstraint constraint, short[] samples, int rate)
    {
        using var recognition = recognizer.Start(new RecognitionRequest(constraint, "en-US", rate));
        var frame = rate / 50;
        for (var offset = 0; offset < samples.Length; offset += frame)
        {
            recognition.Feed(samples.AsSpan(offset, Math.Min(frame, samples.Length - offset)));
        }

        return recognition.FinishAsync().GetAwaiter().GetResult();
    }
}
