using Telephony.Media.Rtp;

namespace Telephony.Media.Tests;

public class RtpHeaderTests
{
    [Test]
    public void Written_header_reads_back()
    {
        var buffer = new byte[172];
        Assert.That(new RtpHeader(true, 8, 65535, 4_000_000_000, 0xDEADBEEF).TryWrite(buffer, out var written), Is.True);

        Assert.That(RtpHeader.TryRead(buffer, out var h, out var offset, out var length), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(written, Is.EqualTo(12));
            Assert.That((h.Version, h.Marker, h.PayloadType, h.SequenceNumber, h.Timestamp, h.Ssrc), Is.EqualTo((2, true, 8, 65535, 4_000_000_000u, 0xDEADBEEFu)));
            Assert.That((offset, length), Is.EqualTo((12, 160)));
        });
    }

    [Test]
    public void Csrcs_extension_and_padding_are_skipped()
    {
        // V=2 P=1 X=1 CC=1, PT 0; one CSRC; a one-word extension; 4 payload bytes; 2 bytes of padding.
        byte[] packet = [0xB1, 0x00, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0xBE, 0xDE, 0, 1, 9, 9, 9, 9, 1, 2, 3, 4, 0, 2];

        Assert.That(RtpHeader.TryRead(packet, out var h, out var offset, out var length), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(h.CsrcCount, Is.EqualTo(1));
            Assert.That(packet.AsSpan(offset, length).ToArray(), Is.EqualTo(new byte[] { 1, 2, 3, 4 }));
        });
    }

    [TestCase(new byte[] { 0x80, 0, 0 })]
    [TestCase(new byte[] { 0x40, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2 })]
    [TestCase(new byte[] { 0x8F, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0 })]
    [TestCase(new byte[] { 0xA0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 50 })]
    public void Malformed_packets_are_rejected(byte[] packet) =>
        Assert.That(RtpHeader.TryRead(packet, out _, out _, out _), Is.False);
}
