using Telephony.Media.Audio;
using Telephony.Media.Dtmf.InBand;

namespace Telephony.Media.Tests;

/// <summary>Resampling quality measured as a telephone engineer would: tone frequency, level and aliasing.</summary>
public class ResamplerTests
{
    private static short[] Sine(double hz, int rate, double seconds, double amplitude = 10000) =>
        Enumerable.Range(0, (int)(rate * seconds)).Select(i => (short)Math.Round(amplitude * Math.Sin(2 * Math.PI * hz * i / rate))).ToArray();

    /// <summary>Level in dB (re a 10000-peak sine) of <paramref name="hz"/>, over the middle of the signal (the edges fade in and out).</summary>
    private static double LevelDb(short[] signal, double hz, int rate)
    {
        var middle = signal.AsSpan(signal.Length / 4, signal.Length / 2);
        var power = Goertzel.Power(middle, Goertzel.Coefficient(hz, rate));
        return 10 * Math.Log10(power / (10000.0 * 10000 / 2));
    }

    /// <summary>The frequency from the count of rising zero crossings over the middle half.</summary>
    private static double MeasuredHz(short[] signal, int rate)
    {
        var start = signal.Length / 4;
        var end = start + (signal.Length / 2);
        int first = -1, last = -1, rises = 0;
        for (var i = start + 1; i < end; i++)
        {
            if (signal[i - 1] < 0 && signal[i] >= 0)
            {
                first = first < 0 ? i : first;
                last = i;
                rises++;
            }
        }

        return (rises - 1) * (double)rate / (last - first);
    }

    [TestCase(48000, 8000)]
    [TestCase(22050, 16000)]
    [TestCase(44100, 8000)]
    [TestCase(11025, 8000)]
    [TestCase(8000, 16000)]
    [TestCase(16000, 48000)]
    public void A_1_kHz_tone_keeps_its_frequency_and_level(int from, int to)
    {
        var output = Resampler.ToRate(Sine(1000, from, 1.0), from, to);

        Assert.Multiple(() =>
        {
            Assert.That(output, Has.Length.EqualTo(to));
            Assert.That(MeasuredHz(output, to), Is.EqualTo(1000).Within(0.5));
            Assert.That(LevelDb(output, 1000, to), Is.EqualTo(0).Within(0.2), "flat pass band");
            Assert.That(LevelDb(output, 1100, to), Is.LessThan(-40), "and nothing but the tone");
        });
    }

    [Test]
    public void A_6_kHz_tone_does_not_fold_into_8_kHz_output()
    {
        // At 8 kHz a 6 kHz tone would alias to 2 kHz; with a 1 kHz reference of the same level beside it.
        var input = Sine(6000, 48000, 1.0).Zip(Sine(1000, 48000, 1.0), (a, b) => (short)((a + b) / 2)).ToArray();

        var output = Resampler.ToRate(input, 48000, 8000);

        var reference = LevelDb(output, 1000, 8000);
        var alias = LevelDb(output, 2000, 8000);
        Assert.Multiple(() =>
        {
            Assert.That(reference, Is.EqualTo(-6).Within(0.3));
            Assert.That(alias - reference, Is.LessThan(-60), "the alias at 2 kHz is at least 60 dB below the tone");
        });
    }

    [Test]
    public void Content_just_above_the_new_Nyquist_is_rejected_and_the_telephone_band_is_flat()
    {
        var near = Resampler.ToRate(Sine(4400, 22050, 1.0), 22050, 8000); // would alias to 3600 Hz
        var edge = Resampler.ToRate(Sine(3400, 22050, 1.0), 22050, 8000);

        Assert.Multiple(() =>
        {
            Assert.That(LevelDb(near, 3600, 8000), Is.LessThan(-50));
            Assert.That(LevelDb(edge, 3400, 8000), Is.EqualTo(0).Within(0.5), "3.4 kHz, the top of the telephone band, passes");
        });
    }

    [Test]
    public void Upsampling_adds_no_image_above_the_old_band()
    {
        var output = Resampler.ToRate(Sine(1000, 8000, 1.0), 8000, 16000);

        Assert.That(LevelDb(output, 7000, 16000), Is.LessThan(-60), "the 7 kHz image of a 1 kHz tone at 8 kHz");
    }

    [Test]
    public void Equal_rates_return_the_input()
    {
        var input = Sine(1000, 8000, 0.01);

        Assert.That(Resampler.ToRate(input, 8000, 8000), Is.SameAs(input));
    }
}
