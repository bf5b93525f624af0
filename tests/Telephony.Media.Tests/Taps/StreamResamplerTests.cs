using Telephony.Media.Audio;
using Telephony.Media.Tests.InBand;

namespace Telephony.Media.Tests.Taps;

/// <summary>The frame-by-frame 8 ↔ 16 kHz resampler: tones keep frequency and level across frame edges.</summary>
public class StreamResamplerTests
{
    private static short[] Sine(double hz, int rate, int samples) =>
        [.. Enumerable.Range(0, samples).Select(i => (short)(8000 * Math.Sin(2 * Math.PI * hz * i / rate)))];

    [TestCase(8000, 16000, 1000.0)]
    [TestCase(16000, 8000, 1000.0)]
    [TestCase(8000, 16000, 3000.0)]
    public void A_tone_resampled_in_20_ms_frames_keeps_frequency_and_level(int from, int to, double hz)
    {
        var resampler = new StreamResampler(from, to);
        var input = Sine(hz, from, from);
        var output = new List<short>();
        var frame = new short[2 * StreamResampler.MaxInputSamples];
        foreach (var chunk in input.Chunk(from / 50))
        {
            var n = resampler.Process(chunk, frame);
            output.AddRange(frame.AsSpan(0, n));
        }

        var middle = output.Skip(output.Count / 4).Take(output.Count / 2).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(output, Has.Count.EqualTo(to), "one second in, one second out");
            Assert.That(Dft.Power(middle, hz, to) / Dft.MeanSquare(middle), Is.GreaterThan(0.99));
            Assert.That(10 * Math.Log10(Dft.MeanSquare(middle) / (8000.0 * 8000 / 2)), Is.InRange(-0.3, 0.3));
        });
    }

    [Test]
    public void Content_above_the_lower_nyquist_is_removed_going_down()
    {
        var resampler = new StreamResampler(16000, 8000);
        var input = Sine(6000, 16000, 16000);
        var output = new short[8000];
        var written = 0;
        foreach (var chunk in input.Chunk(320))
        {
            written += resampler.Process(chunk, output.AsSpan(written));
        }

        Assert.That(Dft.MeanSquare(output.AsSpan(4000, 2000)), Is.LessThan(8000.0 * 8000 / 2 * 1e-4), "a 6 kHz whistle does not fold back to 2 kHz");
    }
}
