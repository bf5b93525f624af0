using Telephony.Media.Codecs;

namespace Telephony.Media.Tests.G722;

/// <summary>L16 (RFC 3551 §4.5.11): 16-bit signed samples, most significant byte first.</summary>
public class L16Tests
{
    [Test]
    public void Samples_are_written_big_endian()
    {
        short[] pcm = [0x1234, -2, short.MinValue, short.MaxValue, 0, 1];
        var bytes = new byte[pcm.Length * 2];

        Assert.That(L16.Encode(pcm, bytes), Is.EqualTo(12));
        Assert.That(bytes, Is.EqualTo(new byte[] { 0x12, 0x34, 0xFF, 0xFE, 0x80, 0x00, 0x7F, 0xFF, 0x00, 0x00, 0x00, 0x01 }));
    }

    [Test]
    public void Bytes_are_read_big_endian()
    {
        byte[] payload = [0x12, 0x34, 0xFF, 0xFE, 0x80, 0x00];
        var pcm = new short[3];

        Assert.That(L16.Decode(payload, pcm), Is.EqualTo(3));
        Assert.That(pcm, Is.EqualTo(new short[] { 0x1234, -2, short.MinValue }));
    }

    [Test]
    public void Every_value_round_trips()
    {
        var pcm = Enumerable.Range(short.MinValue, 65536).Select(v => (short)v).ToArray();
        var bytes = new byte[pcm.Length * 2];
        var back = new short[pcm.Length];

        L16.Encode(pcm, bytes);
        L16.Decode(bytes, back);

        Assert.That(back, Is.EqualTo(pcm));
    }

    [Test]
    public void Unaligned_spans_work()
    {
        var bytes = new byte[9];
        L16.Encode(new short[] { 0x0102, 0x0304 }, bytes.AsSpan(1));
        var pcm = new short[2];
        L16.Decode(bytes.AsSpan(1, 4), pcm);

        Assert.That(bytes[1..5], Is.EqualTo(new byte[] { 1, 2, 3, 4 }));
        Assert.That(pcm, Is.EqualTo(new short[] { 0x0102, 0x0304 }));
    }

    [Test]
    public void An_odd_trailing_byte_is_not_a_sample()
    {
        var pcm = new short[2];
        Assert.That(L16.Decode(new byte[] { 0, 5, 9 }, pcm), Is.EqualTo(1));
        Assert.That(pcm[0], Is.EqualTo(5));
    }

    [Test]
    public void Short_destinations_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => L16.Encode(new short[3], new byte[5]));
        Assert.Throws<ArgumentException>(() => L16.Decode(new byte[6], new short[2]));
    }
}
