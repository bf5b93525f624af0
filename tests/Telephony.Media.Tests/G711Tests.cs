using Telephony.Media.Codecs;

namespace Telephony.Media.Tests;

/// <summary>G.711 against the values ITU-T G.711 defines for every code word.</summary>
public class G711Tests
{
    /// <summary>μ-law decoding by the standard's formula: ±((2m+33)·2^e − 33), in 14-bit units, times 4 for 16 bits.</summary>
    private static int ItuMuLaw(byte code)
    {
        var u = ~code & 0xFF;
        var exponent = (u >> 4) & 7;
        var mantissa = u & 0x0F;
        var magnitude = (((2 * mantissa) + 33) << exponent) - 33;
        return ((u & 0x80) != 0 ? -magnitude : magnitude) * 4;
    }

    /// <summary>A-law decoding by the standard's formula: 2m+1 in segment 0, (2m+33)·2^(e−1) above, in 13-bit units, times 8.</summary>
    private static int ItuALaw(byte code)
    {
        var a = code ^ 0x55;
        var exponent = (a >> 4) & 7;
        var mantissa = a & 0x0F;
        var magnitude = exponent == 0 ? (2 * mantissa) + 1 : ((2 * mantissa) + 33) << (exponent - 1);
        return ((a & 0x80) != 0 ? magnitude : -magnitude) * 8;
    }

    [Test]
    public void Every_mu_law_code_decodes_to_the_itu_value()
    {
        for (var code = 0; code < 256; code++)
        {
            Assert.That(G711.MuLawToLinear((byte)code), Is.EqualTo(ItuMuLaw((byte)code)), $"code 0x{code:X2}");
        }
    }

    [Test]
    public void Every_a_law_code_decodes_to_the_itu_value()
    {
        for (var code = 0; code < 256; code++)
        {
            Assert.That(G711.ALawToLinear((byte)code), Is.EqualTo(ItuALaw((byte)code)), $"code 0x{code:X2}");
        }
    }

    [TestCase((byte)0x00, -32124)]
    [TestCase((byte)0x80, 32124)]
    [TestCase((byte)0xFF, 0)]
    [TestCase((byte)0x7F, 0)]
    public void Known_mu_law_values(byte code, int linear) => Assert.That(G711.MuLawToLinear(code), Is.EqualTo(linear));

    [TestCase((byte)0xD5, 8)]
    [TestCase((byte)0x55, -8)]
    [TestCase((byte)0x2A, -32256)]
    [TestCase((byte)0xAA, 32256)]
    public void Known_a_law_values(byte code, int linear) => Assert.That(G711.ALawToLinear(code), Is.EqualTo(linear));

    [Test]
    public void Encoding_a_decoded_value_gives_back_its_code()
    {
        for (var code = 0; code < 256; code++)
        {
            var mu = G711.LinearToMuLaw(G711.MuLawToLinear((byte)code));
            Assert.That(mu, Is.EqualTo(code == 0x7F ? 0xFF : code), $"μ-law 0x{code:X2}");
            Assert.That(G711.LinearToALaw(G711.ALawToLinear((byte)code)), Is.EqualTo(code), $"A-law 0x{code:X2}");
        }
    }

    [Test]
    public void Every_16_bit_sample_encodes_to_the_nearest_level_of_its_segment()
    {
        // Quantisation: the decoded level is within half a step of the input (the step doubles per segment),
        // except where the input is past the largest level (clipping).
        for (var x = short.MinValue; x < short.MaxValue; x++)
        {
            var mu = G711.MuLawToLinear(G711.LinearToMuLaw(x));
            var a = G711.ALawToLinear(G711.LinearToALaw(x));
            Assert.That(Math.Abs(x - mu), Is.LessThanOrEqualTo(Math.Max(1024, Math.Abs((int)x) - 32124)), $"μ-law {x}");
            Assert.That(Math.Abs(x - a), Is.LessThanOrEqualTo(Math.Max(1024, Math.Abs((int)x) - 32256)), $"A-law {x}");
            Assert.That(G711.LinearToMuLaw(mu), Is.EqualTo(G711.LinearToMuLaw(x)), $"μ-law idempotence {x}");
            Assert.That(G711.LinearToALaw(a), Is.EqualTo(G711.LinearToALaw(x)), $"A-law idempotence {x}");
        }
    }

    [Test]
    public void Encoding_is_monotonic()
    {
        var previousMu = int.MinValue;
        var previousA = int.MinValue;
        for (var x = short.MinValue; x < short.MaxValue; x++)
        {
            int mu = G711.MuLawToLinear(G711.LinearToMuLaw(x));
            int a = G711.ALawToLinear(G711.LinearToALaw(x));
            Assert.That(mu, Is.GreaterThanOrEqualTo(previousMu));
            Assert.That(a, Is.GreaterThanOrEqualTo(previousA));
            previousMu = mu;
            previousA = a;
        }
    }

    [Test]
    public void Span_codecs_match_the_scalar_ones()
    {
        var pcm = Enumerable.Range(0, 1000).Select(i => (short)((i * 65) - 32000)).ToArray();
        var mu = new byte[pcm.Length];
        var back = new short[pcm.Length];

        G711.EncodeMuLaw(pcm, mu);
        G711.DecodeMuLaw(mu, back);

        Assert.That(mu, Is.EqualTo(pcm.Select(G711.LinearToMuLaw).ToArray()));
        Assert.That(back, Is.EqualTo(mu.Select(G711.MuLawToLinear).ToArray()));
        Assert.That(G711.SilenceByte(AudioEncoding.Pcmu), Is.EqualTo(0xFF));
        Assert.That(G711.SilenceByte(AudioEncoding.Pcma), Is.EqualTo(0xD5));
    }
}
