using Telephony.Media.Codecs.G722;

namespace Telephony.Media.Tests.G722;

/// <summary>Our G.722 against spandsp's, bit for bit, in both directions, on signals that reach every code path.</summary>
public class G722SpanDspTests
{
    private const int Second = TestSignals.Rate;

    public static IEnumerable<TestCaseData> Signals()
    {
        yield return Case("silence", TestSignals.Silence(Second));
        yield return Case("sweep 50 Hz-7.9 kHz loud", TestSignals.Sweep(50, 7900, 30000, 3 * Second));
        yield return Case("sweep 50 Hz-7.9 kHz quiet", TestSignals.Sweep(50, 7900, 300, 3 * Second));
        yield return Case("sweep 7.9 kHz-50 Hz mid", TestSignals.Sweep(7900, 50, 8000, 2 * Second));
        yield return Case("sine 1 kHz", TestSignals.Sine(1000, 16000, Second));
        yield return Case("sine 6 kHz", TestSignals.Sine(6000, 20000, Second));
        yield return Case("sine 4 kHz full scale", TestSignals.Sine(4000, 32767, Second));
        yield return Case("dtmf pairs loud", TestSignals.DtmfDigits(16000));
        yield return Case("dtmf pairs quiet", TestSignals.DtmfDigits(500));
        yield return Case("white noise full scale", TestSignals.WhiteNoise(1, 32768, 2 * Second));
        yield return Case("white noise low", TestSignals.WhiteNoise(2, 64, 2 * Second));
        yield return Case("white noise tiny", TestSignals.WhiteNoise(3, 2, Second));
        yield return Case("square 100 Hz full scale", TestSignals.FullScaleSquare(100, Second));
        yield return Case("square 1 kHz full scale", TestSignals.FullScaleSquare(1000, Second));
        yield return Case("square 3.3 kHz full scale", TestSignals.FullScaleSquare(3300, Second));
        yield return Case("square 7.9 kHz full scale", TestSignals.FullScaleSquare(7900, Second));
        yield return Case("clicks full scale", TestSignals.Clicks(Second));
        foreach (var name in TestSignals.PromptNames())
        {
            yield return Case("speech " + name, TestSignals.Prompt(name));
        }
    }

    [TestCaseSource(nameof(Signals))]
    public void Encoder_output_is_bit_exact_with_spandsp(short[] pcm)
    {
        using var reference = SpanDspG722.Open();
        var expected = reference.Encode(pcm);

        var actual = new byte[pcm.Length / 2];
        var written = new G722Encoder().Encode(pcm, actual);

        Assert.That(written, Is.EqualTo(expected.Length));
        AssertSame(actual, expected, "code");
    }

    [TestCaseSource(nameof(Signals))]
    public void Decoder_output_is_bit_exact_with_spandsp(short[] pcm)
    {
        using var reference = SpanDspG722.Open();
        var codes = reference.Encode(pcm);
        var expected = reference.Decode(codes);

        var actual = new short[codes.Length * 2];
        var written = new G722Decoder().Decode(codes, actual);

        Assert.That(written, Is.EqualTo(expected.Length));
        AssertSameDecoded(actual, expected);
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void Decoder_is_bit_exact_with_spandsp_on_arbitrary_codes(int seed)
    {
        // Random bytes include the never-sent low-band codes 0-3 and drive the predictors far harder than audio.
        var codes = new byte[2 * Second];
        new Random(seed).NextBytes(codes);
        using var reference = SpanDspG722.Open();
        var expected = reference.Decode(codes);

        var actual = new short[codes.Length * 2];
        new G722Decoder().Decode(codes, actual);

        AssertSameDecoded(actual, expected);
    }

    [Test]
    public void Decoder_saturates_where_spandsp_0_0_6_wraps_around()
    {
        // A full-scale square wave overshoots in the receive QMF (Gibbs ringing): the standard limits the
        // output, spandsp 0.0.6 casts it to int16_t and flips the overshoot into a full-scale click.
        var pcm = TestSignals.FullScaleSquare(100, Second);
        using var reference = SpanDspG722.Open();
        var codes = reference.Encode(pcm);
        var expected = reference.Decode(codes);

        var actual = new short[codes.Length * 2];
        new G722Decoder().Decode(codes, actual);

        var wrapped = Enumerable.Range(0, actual.Length).Where(i => actual[i] != expected[i]).ToArray();
        Assert.That(wrapped, Is.Not.Empty, "the square wave no longer overshoots; pick a signal that does");
        Assert.That(wrapped.Select(i => actual[i]), Is.All.EqualTo(short.MaxValue).Or.EqualTo(short.MinValue));
        AssertSameDecoded(actual, expected);
    }

    /// <summary>
    /// Bit-exact, except for the one known defect of spandsp 0.0.6: it wraps receive-QMF output beyond 16 bits
    /// instead of limiting it. There, ours must sit on the rail and spandsp's wrapped value on the other side.
    /// </summary>
    private static void AssertSameDecoded(short[] actual, short[] expected)
    {
        var normalised = new short[expected.Length];
        for (var i = 0; i < expected.Length; i++)
        {
            var wrappedHigh = actual[i] == short.MaxValue && expected[i] < 0;
            var wrappedLow = actual[i] == short.MinValue && expected[i] >= 0;
            normalised[i] = wrappedHigh || wrappedLow ? actual[i] : expected[i];
        }

        AssertSame(actual, normalised, "sample");
    }

    private static TestCaseData Case(string name, short[] pcm) => new TestCaseData(pcm).SetArgDisplayNames(name);

    /// <summary>Reports the first difference with its position, which says far more than a whole-array diff.</summary>
    private static void AssertSame<T>(T[] actual, T[] expected, string what)
        where T : IEquatable<T>
    {
        Assert.That(actual, Has.Length.EqualTo(expected.Length));
        for (var i = 0; i < actual.Length; i++)
        {
            if (!actual[i].Equals(expected[i]))
            {
                var mismatches = actual.Where((value, k) => !value.Equals(expected[k])).Count();
                Assert.Fail($"{what} {i} is {actual[i]}, spandsp has {expected[i]} ({mismatches} of {actual.Length} differ)");
            }
        }
    }
}
