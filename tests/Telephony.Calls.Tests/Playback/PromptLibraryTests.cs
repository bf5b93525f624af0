using System.Diagnostics;
using Telephony.Calls.Prompts;
using Telephony.Media.Codecs;
using Telephony.Media.Codecs.G722;

namespace Telephony.Calls.Tests.Playback;

/// <summary>Prompt files of every common rate and format, converted once per codec.</summary>
public class PromptLibraryTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => Directory.CreateDirectory(_dir = Path.Combine(Path.GetTempPath(), "prompts-" + Guid.NewGuid().ToString("N")));

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, true);

    private static short[] Decode(byte[] codes, AudioEncoding encoding)
    {
        if (encoding == AudioEncoding.G722)
        {
            var wide = new short[codes.Length * 2];
            new G722Decoder().Decode(codes, wide);
            return wide;
        }

        var pcm = new short[codes.Length];
        G711.Decode(encoding, codes, pcm);
        return pcm;
    }

    [Test]
    public void Every_common_rate_and_format_plays_as_the_same_tone(
        [Values(8000, 11025, 16000, 22050, 44100, 48000)] int rate,
        [Values("pcm8", "pcm16-stereo", "pcm24", "pcm32-stereo", "float")] string format)
    {
        var (bits, channels, isFloat) = format switch
        {
            "pcm8" => (8, 1, false),
            "pcm16-stereo" => (16, 2, false),
            "pcm24" => (24, 1, false),
            "pcm32-stereo" => (32, 2, false),
            _ => (32, 1, true),
        };
        TestAudio.WriteTone(Path.Combine(_dir, "tone.wav"), 1000, rate, channels, bits, isFloat, 0.5);
        var library = new PromptLibrary(_dir);

        foreach (var encoding in new[] { AudioEncoding.Pcmu, AudioEncoding.Pcma, AudioEncoding.G722 })
        {
            var audio = library.Get("tone", encoding);
            var pcm = Decode(audio.Data, encoding);
            var pcmRate = encoding == AudioEncoding.G722 ? 16000 : 8000;
            var middle = pcm.AsSpan(pcm.Length / 4, pcm.Length / 2);
            var tone = TestAudio.LevelDb(middle, 1000, pcmRate);
            var other = TestAudio.LevelDb(middle, 1300, pcmRate);
            Assert.Multiple(() =>
            {
                Assert.That(audio.Encoding, Is.EqualTo(encoding));
                Assert.That(audio.Duration.TotalMilliseconds, Is.EqualTo(500).Within(1), $"{encoding}: 0.5 s, 8 bytes per ms");
                Assert.That(tone, Is.EqualTo(-6).Within(0.6), $"{encoding}: the 1 kHz tone at half scale");
                Assert.That(other, Is.LessThan(-40), $"{encoding}: nothing else");
            });
        }
    }

    [Test]
    public void A_wideband_prompt_keeps_its_high_band_for_g722_and_loses_it_for_g711()
    {
        TestAudio.WriteTone(Path.Combine(_dir, "high.wav"), 5000, 48000, 1, 16, false, 0.5);
        var library = new PromptLibrary(_dir);

        var wide = Decode(library.Get("high", AudioEncoding.G722).Data, AudioEncoding.G722);
        var narrow = Decode(library.Get("high", AudioEncoding.Pcmu).Data, AudioEncoding.Pcmu);

        Assert.Multiple(() =>
        {
            Assert.That(TestAudio.LevelDb(wide.AsSpan(2000, 4000), 5000, 16000), Is.EqualTo(-6).Within(1.5));
            Assert.That(TestAudio.LevelDb(narrow.AsSpan(1000, 2000), 3000, 8000), Is.LessThan(-50), "5 kHz must not fold to 3 kHz");
            Assert.That(Math.Sqrt(narrow.Skip(1000).Take(2000).Average(s => (double)s * s)), Is.LessThan(100), "above the 8 kHz band: removed");
        });
    }

    [Test]
    public void A_prompt_is_converted_once_per_codec_and_shared()
    {
        TestAudio.WriteTone(Path.Combine(_dir, "p.wav"), 440, 22050, 1, 16, false, 0.2);
        var library = new PromptLibrary(_dir);

        var first = library.Get("p", AudioEncoding.Pcmu);
        var parallel = Enumerable.Range(0, 16).AsParallel().Select(_ => library.Get("p", AudioEncoding.Pcmu)).ToList();
        var alaw = library.Get("p", AudioEncoding.Pcma);

        Assert.Multiple(() =>
        {
            Assert.That(parallel, Is.All.SameAs(first));
            Assert.That(alaw, Is.Not.SameAs(first));
            Assert.That(alaw.Encoding, Is.EqualTo(AudioEncoding.Pcma));
        });
    }

    [Test]
    public void A_missing_prompt_is_not_remembered_as_missing()
    {
        var library = new PromptLibrary(_dir);
        Assert.Throws<FileNotFoundException>(() => library.Get("late", AudioEncoding.Pcmu));

        TestAudio.WriteTone(Path.Combine(_dir, "late.wav"), 440, 8000, 1, 16, false, 0.1);

        Assert.That(library.Get("late", AudioEncoding.Pcmu).Data, Has.Length.EqualTo(800), "the file added while running is found");
    }

    [Test]
    public void A_flite_prompt_at_16_kHz_plays_at_8_kHz_with_its_speech()
    {
        var path = Path.Combine(_dir, "hello.wav");
        using (var flite = Process.Start(new ProcessStartInfo("flite", ["-voice", "slt", "-t", "hello, please choose an option", "-o", path]) { RedirectStandardError = true })!)
        {
            flite.WaitForExit(30_000);
            Assert.That(flite.ExitCode, Is.Zero, "flite must be installed (./telephony test installs it)");
        }

        var original = Media.Wav.WavReader.Read(path);
        var library = new PromptLibrary(_dir);
        var narrow = Decode(library.Get("hello", AudioEncoding.Pcmu).Data, AudioEncoding.Pcmu);
        var wide = library.Get("hello", AudioEncoding.G722);

        static double Rms(IEnumerable<short> s) => Math.Sqrt(s.Average(x => (double)x * x));

        Assert.Multiple(() =>
        {
            Assert.That(original.SampleRate, Is.EqualTo(16000), "flite's slt voice is 16 kHz");
            Assert.That(narrow.Length, Is.EqualTo(original.Samples.Length / 2).Within(1));
            Assert.That(wide.Duration.TotalSeconds, Is.EqualTo(original.Duration.TotalSeconds).Within(0.001));

            // Speech energy lies mostly below 4 kHz: the narrowband version keeps nearly all of it.
            Assert.That(Rms(narrow) / Rms(original.Samples), Is.InRange(0.8, 1.05));
        });
    }
}
