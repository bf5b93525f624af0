using Telephony.Media.Codecs;
using Telephony.Media.Jitter;

namespace Telephony.Media.Tests.Jitter;

public class G711ConcealerTests
{
    private static JitterFrame Frame(int length = 160) => new(JitterFrameStatus.Frame, length, 1, 160);

    [Test]
    public void A_missing_frame_repeats_the_last_one_once_then_goes_silent()
    {
        var concealer = new G711Concealer(AudioEncoding.Pcmu, 160);
        var audio = Enumerable.Repeat((byte)0x42, 160).ToArray();

        Assert.That(concealer.Render(Frame(), audio), Is.EqualTo(160));
        audio.AsSpan().Clear();
        Assert.That(concealer.Render(JitterFrame.Missing, audio), Is.EqualTo(160));
        Assert.That(audio, Is.All.EqualTo(0x42), "first gap: the last frame again");
        Assert.That(concealer.Render(JitterFrame.Inserted, audio), Is.EqualTo(160));
        Assert.That(audio, Is.All.EqualTo(0xFF), "second gap: μ-law silence");
    }

    [Test]
    public void A_frame_after_a_gap_can_be_repeated_again()
    {
        var concealer = new G711Concealer(AudioEncoding.Pcma, 160);
        var audio = new byte[160];
        concealer.Render(Frame(), audio.AsSpan().ToArray());
        concealer.Render(JitterFrame.Missing, audio);
        concealer.Render(JitterFrame.Missing, audio);

        audio.AsSpan().Fill(0x33);
        concealer.Render(Frame(), audio);
        audio.AsSpan().Clear();
        concealer.Render(JitterFrame.Missing, audio);

        Assert.That(audio, Is.All.EqualTo(0x33));
    }

    [Test]
    public void Silence_is_silence_and_stale_audio_is_not_repeated_after_it()
    {
        var concealer = new G711Concealer(AudioEncoding.Pcma, 160);
        var audio = Enumerable.Repeat((byte)0x42, 160).ToArray();
        concealer.Render(Frame(), audio);

        concealer.Render(JitterFrame.Silence, audio);
        Assert.That(audio, Is.All.EqualTo(0xD5), "A-law silence");
        audio.AsSpan().Clear();
        concealer.Render(JitterFrame.Missing, audio);
        Assert.That(audio, Is.All.EqualTo(0xD5));
    }

    [Test]
    public void A_short_frame_is_padded_with_silence_when_repeated()
    {
        var concealer = new G711Concealer(AudioEncoding.Pcmu, 160);
        var audio = Enumerable.Repeat((byte)0x42, 160).ToArray();
        concealer.Render(Frame(80), audio);

        concealer.Render(JitterFrame.Missing, audio);

        Assert.Multiple(() =>
        {
            Assert.That(audio[..80], Is.All.EqualTo(0x42));
            Assert.That(audio[80..], Is.All.EqualTo(0xFF));
        });
    }

    [Test]
    public void Quiet_detection_tells_silence_and_low_noise_from_speech()
    {
        var silence = Enumerable.Repeat((byte)0xFF, 160).ToArray();
        var noise = new byte[160];
        var speech = new byte[160];
        var pcm = new short[160];
        for (var i = 0; i < pcm.Length; i++)
        {
            pcm[i] = (short)(i % 2 == 0 ? 40 : -40);
        }

        G711.EncodeMuLaw(pcm, noise);
        for (var i = 0; i < pcm.Length; i++)
        {
            pcm[i] = (short)(3000 * Math.Sin(2 * Math.PI * 440 * i / 8000));
        }

        G711.EncodeMuLaw(pcm, speech);
        var isQuiet = G711QuietDetector.For(AudioEncoding.Pcmu);
        var again = G711QuietDetector.For(AudioEncoding.Pcmu);

        Assert.Multiple(() =>
        {
            Assert.That(isQuiet(silence), Is.True);
            Assert.That(isQuiet(noise), Is.True);
            Assert.That(isQuiet(speech), Is.False);
            Assert.That(G711QuietDetector.IsQuiet(Enumerable.Repeat((byte)0xD5, 160).ToArray(), AudioEncoding.Pcma), Is.True);
            Assert.That(again, Is.SameAs(isQuiet), "cached, no allocation per call");
        });
    }
}
