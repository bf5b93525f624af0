using Telephony.Media.Audio;
using Telephony.Media.Codecs;

namespace Telephony.Benchmarks;

/// <summary>What the VAD benchmarks feed: "go forward ten meters" (Debian pocketsphinx-testdata) at 8 kHz through µ-law, then as much digital silence, so both the speech and the silence paths are timed.</summary>
internal static class VadAudio
{
    public const int FrameSamples = 160;

    private const string GoForward = "/usr/share/pocketsphinx/test/data/goforward.raw";

    public static short[] Load()
    {
        if (!File.Exists(GoForward))
        {
            throw new FileNotFoundException($"{GoForward} is missing: install Debian's pocketsphinx-testdata (./telephony test does)", GoForward);
        }

        var bytes = File.ReadAllBytes(GoForward);
        var wide = new short[bytes.Length / 2];
        Buffer.BlockCopy(bytes, 0, wide, 0, wide.Length * 2);
        var narrow = Resampler.ToRate(wide, 16000, 8000);
        var codes = new byte[narrow.Length];
        G711.EncodeMuLaw(narrow, codes);
        G711.DecodeMuLaw(codes, narrow);
        var frames = narrow.Length / FrameSamples;
        var audio = new short[2 * frames * FrameSamples];
        narrow.AsSpan(0, frames * FrameSamples).CopyTo(audio);
        return audio;
    }
}
