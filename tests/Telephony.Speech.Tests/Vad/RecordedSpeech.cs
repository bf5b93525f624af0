using Telephony.Media.Audio;
using Telephony.Media.Codecs;

namespace Telephony.Speech.Tests.Vad;

/// <summary>
/// Real recorded speech nobody here made: Debian's pocketsphinx-testdata (installed by
/// ./telephony test), brought to the telephone path: 16 kHz → 8 kHz with the media resampler,
/// then through G.711 µ-law and back, as a caller's audio arrives.
/// </summary>
internal static class RecordedSpeech
{
    public const string DataFolder = "/usr/share/pocketsphinx/test/data";

    public const int Rate = 8000;

    /// <summary>20 ms at 8 kHz: what the media layer hands a detector.</summary>
    public const int FrameSamples = 160;

    /// <summary>"go forward ten meters": 16 kHz 16-bit little-endian raw.</summary>
    public static short[] GoForward() => Telephone(ReadRaw16k(Path.Combine(DataFolder, "goforward.raw")));

    /// <summary>One of the five cards sentences (1–5), 16 kHz WAV.</summary>
    public static short[] Card(int number) => Telephone(ReadWav16k(Path.Combine(DataFolder, "cards", $"{number:000}.wav")));

    /// <summary>8 kHz through µ-law and back.</summary>
    public static short[] Telephone(short[] pcm16k)
    {
        var narrow = Resampler.ToRate(pcm16k, 16000, Rate);
        var codes = new byte[narrow.Length];
        G711.EncodeMuLaw(narrow, codes);
        var back = new short[narrow.Length];
        G711.DecodeMuLaw(codes, back);
        return back;
    }

    public static short[] ReadRaw16k(string path)
    {
        var bytes = ReadData(path);
        var pcm = new short[bytes.Length / 2];
        Buffer.BlockCopy(bytes, 0, pcm, 0, pcm.Length * 2);
        return pcm;
    }

    /// <summary>The samples of a 16 kHz mono 16-bit PCM WAV (the chunks are walked, not assumed at offset 44).</summary>
    public static short[] ReadWav16k(string path)
    {
        var bytes = ReadData(path);
        Assert.That(System.Text.Encoding.ASCII.GetString(bytes, 0, 4), Is.EqualTo("RIFF"), path);
        var offset = 12;
        int? rate = null;
        while (offset + 8 <= bytes.Length)
        {
            var id = System.Text.Encoding.ASCII.GetString(bytes, offset, 4);
            var size = BitConverter.ToInt32(bytes, offset + 4);
            var body = offset + 8;
            if (id == "fmt ")
            {
                Assert.That(BitConverter.ToInt16(bytes, body), Is.EqualTo(1), $"{path}: PCM");
                Assert.That(BitConverter.ToInt16(bytes, body + 2), Is.EqualTo(1), $"{path}: mono");
                rate = BitConverter.ToInt32(bytes, body + 4);
                Assert.That(BitConverter.ToInt16(bytes, body + 14), Is.EqualTo(16), $"{path}: 16-bit");
            }
            else if (id == "data")
            {
                Assert.That(rate, Is.EqualTo(16000), $"{path}: 16 kHz");
                var length = Math.Min(size, bytes.Length - body) / 2;
                var pcm = new short[length];
                Buffer.BlockCopy(bytes, body, pcm, 0, length * 2);
                return pcm;
            }

            offset = body + size + (size & 1);
        }

        Assert.Fail($"{path} has no data chunk");
        return [];
    }

    /// <summary>Digital silence (what a muted line or a jitter-buffer gap gives).</summary>
    public static short[] Silence(TimeSpan length) => new short[Samples(length)];

    /// <summary>Steady white noise at <paramref name="dbfs"/> RMS (seeded: the same every run), through µ-law.</summary>
    public static short[] Noise(TimeSpan length, double dbfs, int seed = 11)
    {
        var random = new Random(seed);
        var rms = 32768 * Math.Pow(10, dbfs / 20);
        var pcm = new short[Samples(length)];
        for (var i = 0; i < pcm.Length; i++)
        {
            // Box–Muller: Gaussian noise, like a line's hiss.
            var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            pcm[i] = (short)Math.Clamp(Math.Round(gaussian * rms), short.MinValue, short.MaxValue);
        }

        var codes = new byte[pcm.Length];
        G711.EncodeMuLaw(pcm, codes);
        G711.DecodeMuLaw(codes, pcm);
        return pcm;
    }

    public static short[] Concat(params short[][] parts) => parts.SelectMany(p => p).ToArray();

    /// <summary>Audio from <paramref name="from"/> for <paramref name="length"/>.</summary>
    public static short[] Slice(short[] audio, TimeSpan from, TimeSpan length) => audio.AsSpan(Samples(from), Samples(length)).ToArray();

    public static int Samples(TimeSpan time) => (int)(time.Ticks * Rate / TimeSpan.TicksPerSecond);

    public static TimeSpan Time(int samples) => TimeSpan.FromTicks(samples * TimeSpan.TicksPerSecond / Rate);

    private static byte[] ReadData(string path)
    {
        Assert.That(File.Exists(path), Is.True, $"{path} is missing: install Debian's pocketsphinx-testdata (./telephony test does)");
        return File.ReadAllBytes(path);
    }
}
