using Telephony.Media.Audio;

namespace Telephony.Speech.Tests.Whisper;

/// <summary>Real recorded speech nobody here made: Debian pocketsphinx-testdata's "go forward ten meters" (16 kHz, 16-bit raw).</summary>
internal static class TestSpeech
{
    public const string GoForward = "/usr/share/pocketsphinx/test/data/goforward.raw";

    public static short[] GoForward16k()
    {
        var bytes = File.ReadAllBytes(GoForward);
        var samples = new short[bytes.Length / 2];
        Buffer.BlockCopy(bytes, 0, samples, 0, samples.Length * 2);
        return samples;
    }

    /// <summary>The recording as a telephone line carries it: 8 kHz.</summary>
    public static short[] GoForward8k() => Resampler.ToRate(GoForward16k(), 16000, 8000);
}
