using Telephony.Speech.Recognition;
using Telephony.Speech.Recognition.Whisper;

namespace Telephony.Speech.Tests.Whisper;

/// <summary>
/// Which model shapes the native runtime survives. Explicit, one case per process
/// (<c>--filter "Name~Probe"</c> and the case): a shape that aborts inside whisper.cpp takes the
/// test host with it, which is the point of asking. Findings are in docs/speech.md: every case
/// here survives; an all-F32 model did not (the checker now refuses it, see WhisperModelFileTests).
/// </summary>
[Explicit("each case may abort its test host; run one at a time")]
public class NativeShapeProbes
{
    [TestCase(64, 2, 4, 4, false)]
    [TestCase(32, 1, 4, 4, false)]
    [TestCase(128, 2, 4, 4, false)]
    [TestCase(64, 1, 4, 2, false)]
    [TestCase(64, 1, 6, 6, false)]
    [TestCase(64, 1, 4, 4, true)]
    public async Task Probe(int state, int heads, int encoderLayers, int decoderLayers, bool q8)
    {
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "whisper-tiny-test", $"probe-{state}-{heads}-{encoderLayers}-{decoderLayers}-{q8}.bin");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        TinyWhisperModel.Write(path, new TinyWhisperModel.Shape(State: state, Heads: heads, EncoderLayers: encoderLayers, DecoderLayers: decoderLayers, Q8Weights: q8));
        using var whisper = new WhisperRecognizer(path, new WhisperRecognizerOptions { TemperatureFallback = false, MaxTokensPerSegment = 8, PartialInterval = TimeSpan.Zero, Threads = 2 });
        using var recognition = whisper.Start(new RecognitionRequest(new FreeSpeechConstraint(), "en-US", 16000));
        recognition.Feed(TestSpeech.GoForward16k());
        var result = await recognition.FinishAsync();
        TestContext.Out.WriteLine($"survived: state {state}, heads {heads}, layers {encoderLayers}+{decoderLayers}, {(q8 ? "Q8_0" : "F16")}: {result.Segments.Count} segments");
    }
}
