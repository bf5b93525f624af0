using Telephony.Media.ComfortNoise;
using Telephony.Media.Rtp;

namespace Telephony.Media.Tests.ComfortNoise;

public class ComfortNoiseTests
{
    /// <summary>
    /// A CN packet as a phone sends it (RFC 3389 §3): RTP header with payload type 13, then the
    /// level byte (here 0x2A, −42 dBov) and five reflection coefficients.
    /// </summary>
    private static readonly byte[] CnPacket =
    [
        0x80, 0x0D, 0x1F, 0x41, 0x00, 0x01, 0xF4, 0x00, 0xCA, 0xFE, 0xBA, 0xBE,
        0x2A, 0x7D, 0x92, 0x6A, 0x81, 0x78,
    ];

    [Test]
    public void The_level_and_the_model_order_are_read_from_a_real_packet()
    {
        Assert.That(RtpHeader.TryRead(CnPacket, out var header, out var offset, out var length), Is.True);
        var read = ComfortNoisePayload.TryReadLevel(CnPacket.AsSpan(offset, length), out var level);
        var order = ComfortNoisePayload.ReflectionCoefficientCount(CnPacket.AsSpan(offset, length));
        Assert.Multiple(() =>
        {
            Assert.That(header.PayloadType, Is.EqualTo(13));
            Assert.That(read, Is.True);
            Assert.That(level, Is.EqualTo(42));
            Assert.That(order, Is.EqualTo(5));
        });
    }

    [Test]
    public void The_reserved_bit_is_ignored_and_an_empty_payload_has_no_level()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ComfortNoisePayload.TryReadLevel([0xC0], out var level), Is.True);
            Assert.That(level, Is.EqualTo(64));
            Assert.That(ComfortNoisePayload.TryReadLevel([], out _), Is.False);
        });
    }

    [TestCase(20)]
    [TestCase(42)]
    [TestCase(70)]
    public void Noise_has_the_signalled_level(int levelDbov)
    {
        var generator = new ComfortNoiseGenerator();
        generator.SetLevel(levelDbov);
        var pcm = new short[8000];
        generator.Fill(pcm);

        var rms = Math.Sqrt(pcm.Average(s => (double)s * s));
        var dbov = 20 * Math.Log10(rms / 32767);
        Assert.Multiple(() =>
        {
            Assert.That(dbov, Is.EqualTo(-levelDbov).Within(0.5), "dBov");
            Assert.That(pcm.Average(s => (double)s), Is.EqualTo(0).Within(rms / 20), "no DC");
        });
    }

    [Test]
    public void The_quietest_level_is_silence()
    {
        var generator = new ComfortNoiseGenerator();
        generator.SetLevel(127);
        var pcm = new short[160];
        Array.Fill(pcm, (short)5);
        generator.Fill(pcm);
        Assert.That(pcm, Is.All.Zero);
    }
}
