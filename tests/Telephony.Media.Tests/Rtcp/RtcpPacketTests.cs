using Telephony.Media.Rtcp;

namespace Telephony.Media.Tests.Rtcp;

public class RtcpPacketTests
{
    private static readonly RtcpReportBlock Block = new(0x55667788, 0x40, 258, 0x0001FFFF, 0x10, 0xB7052030, 0x00054000);

    // Hand-laid from RFC 3550 §6.4.1: header, sender SSRC, sender info, one report block.
    private static readonly byte[] SenderReportBytes =
    [
        0x81, 0xC8, 0x00, 0x0C,                         // V=2 P=0 RC=1, PT=200, length 13 words - 1
        0x11, 0x22, 0x33, 0x44,                         // SSRC of sender
        0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF, 0x00, 0x11, // NTP timestamp
        0x01, 0x02, 0x03, 0x04,                         // RTP timestamp
        0x00, 0x00, 0x00, 0x05,                         // packet count
        0x00, 0x00, 0x03, 0x20,                         // octet count 800
        0x55, 0x66, 0x77, 0x88,                         // SSRC_1
        0x40, 0x00, 0x01, 0x02,                         // fraction 64/256, cumulative 258
        0x00, 0x01, 0xFF, 0xFF,                         // one cycle, highest 65535
        0x00, 0x00, 0x00, 0x10,                         // jitter 16
        0xB7, 0x05, 0x20, 0x30,                         // LSR
        0x00, 0x05, 0x40, 0x00,                         // DLSR 5.25 s
    ];

    private static RtcpSenderReport NewSenderReport() =>
        new(0x11223344, new RtcpSenderInfo(0xAABBCCDDEEFF0011, 0x01020304, 5, 800), [Block]);

    [Test]
    public void Sender_report_is_written_byte_exact_and_reads_back()
    {
        var buffer = new byte[100];

        Assert.That(NewSenderReport().TryWrite(buffer, out var written), Is.True);
        Assert.That(buffer[..written], Is.EqualTo(SenderReportBytes));

        Assert.That(RtcpSenderReport.TryParse(SenderReportBytes, out var sr), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(sr!.Ssrc, Is.EqualTo(0x11223344u));
            Assert.That(sr.SenderInfo, Is.EqualTo(new RtcpSenderInfo(0xAABBCCDDEEFF0011, 0x01020304, 5, 800)));
            Assert.That(sr.Reports, Is.EqualTo(new[] { Block }));
        });
    }

    [Test]
    public void Empty_receiver_report_is_eight_bytes()
    {
        var buffer = new byte[8];

        Assert.That(new RtcpReceiverReport(0xCAFEBABE).TryWrite(buffer, out var written), Is.True);

        Assert.That(buffer[..written], Is.EqualTo(new byte[] { 0x80, 0xC9, 0x00, 0x01, 0xCA, 0xFE, 0xBA, 0xBE }));
    }

    [Test]
    public void Negative_cumulative_loss_is_sign_extended_from_24_bits()
    {
        var block = Block with { CumulativeLost = -1, FractionLost = 0 };
        var buffer = new byte[36];
        Assert.That(new RtcpReceiverReport(1, [block]).TryWrite(buffer, out _), Is.True);

        Assert.That(buffer[12..16], Is.EqualTo(new byte[] { 0x00, 0xFF, 0xFF, 0xFF }));
        Assert.That(RtcpReceiverReport.TryParse(buffer, out var rr), Is.True);
        Assert.That(rr!.Reports[0].CumulativeLost, Is.EqualTo(-1));
    }

    [Test]
    public void Cumulative_loss_beyond_24_bits_is_clamped()
    {
        var buffer = new byte[36];
        Assert.That(new RtcpReceiverReport(1, [Block with { CumulativeLost = 20_000_000 }]).TryWrite(buffer, out _), Is.True);

        Assert.That(buffer[12..16], Is.EqualTo(new byte[] { 0x40, 0x7F, 0xFF, 0xFF }));
    }

    [Test]
    public void Sdes_cname_is_terminated_and_padded_to_a_word()
    {
        var buffer = new byte[64];

        Assert.That(new RtcpSourceDescription(0x01020304, "ab").TryWrite(buffer, out var written), Is.True);

        // Chunk: SSRC (4) + CNAME item (type 1, length 2, "ab") + end octet = 9, padded to 12.
        Assert.That(buffer[..written], Is.EqualTo(new byte[]
        {
            0x81, 0xCA, 0x00, 0x03,
            0x01, 0x02, 0x03, 0x04,
            0x01, 0x02, (byte)'a', (byte)'b',
            0x00, 0x00, 0x00, 0x00,
        }));
    }

    [Test]
    public void Sdes_cname_that_fills_the_word_still_gets_an_end_octet()
    {
        var buffer = new byte[64];

        // SSRC + item "xy" is 8 bytes, already aligned: the null terminator needs a whole extra word.
        Assert.That(new RtcpSourceDescription(7, "xy").TryWrite(buffer, out var written), Is.True);

        Assert.That(buffer[..written], Is.EqualTo(new byte[]
        {
            0x81, 0xCA, 0x00, 0x03,
            0x00, 0x00, 0x00, 0x07,
            0x01, 0x02, (byte)'x', (byte)'y',
            0x00, 0x00, 0x00, 0x00,
        }));
        Assert.That(RtcpSourceDescription.TryParse(buffer.AsSpan(0, written), out var sdes), Is.True);
        Assert.That(sdes!.Chunks, Is.EqualTo(new[] { new RtcpSdesChunk(7, "xy") }));
    }

    [Test]
    public void Sdes_reader_skips_other_items_and_keeps_the_cname()
    {
        // Chunk with NAME ("N") then CNAME ("c@h"), end, pad; second chunk with only an end octet.
        byte[] packet =
        [
            0x82, 0xCA, 0x00, 0x05,
            0x00, 0x00, 0x00, 0x09,
            0x02, 0x01, (byte)'N', 0x01, 0x03, (byte)'c', (byte)'@', (byte)'h',
            0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x0A, 0x00, 0x00, 0x00, 0x00,
        ];
        Assert.That(packet, Has.Length.EqualTo(28), "test data sanity");
        packet[3] = (28 / 4) - 1;

        Assert.That(RtcpSourceDescription.TryParse(packet, out var sdes), Is.True);

        Assert.That(sdes!.Chunks, Is.EqualTo(new[] { new RtcpSdesChunk(9, "c@h"), new RtcpSdesChunk(10, null) }));
    }

    [Test]
    public void Bye_with_reason_is_written_byte_exact_and_reads_back()
    {
        var buffer = new byte[64];

        Assert.That(new RtcpBye([0x0A0B0C0D], "bye").TryWrite(buffer, out var written), Is.True);

        Assert.That(buffer[..written], Is.EqualTo(new byte[]
        {
            0x81, 0xCB, 0x00, 0x02,
            0x0A, 0x0B, 0x0C, 0x0D,
            0x03, (byte)'b', (byte)'y', (byte)'e',
        }));
        Assert.That(RtcpBye.TryParse(buffer.AsSpan(0, written), out var bye), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(bye!.Sources, Is.EqualTo(new[] { 0x0A0B0C0Du }));
            Assert.That(bye.Reason, Is.EqualTo("bye"));
        });
    }

    [Test]
    public void Bye_without_reason_is_just_the_sources()
    {
        var buffer = new byte[64];

        Assert.That(new RtcpBye([1, 2]).TryWrite(buffer, out var written), Is.True);

        Assert.That(buffer[..written], Is.EqualTo(new byte[] { 0x82, 0xCB, 0x00, 0x02, 0, 0, 0, 1, 0, 0, 0, 2 }));
    }

    [Test]
    public void Compound_packet_round_trips()
    {
        var compound = new RtcpCompoundPacket
        {
            SenderReport = NewSenderReport(),
            SourceDescription = new RtcpSourceDescription(0x11223344, "ivr@example.net"),
            Bye = new RtcpBye([0x11223344], "hangup"),
        };
        var buffer = new byte[256];

        Assert.That(compound.TryWrite(buffer, out var written), Is.True);
        Assert.That(written, Is.EqualTo(compound.Length));
        Assert.That(buffer[..SenderReportBytes.Length], Is.EqualTo(SenderReportBytes));

        Assert.That(RtcpCompoundPacket.TryParse(buffer.AsSpan(0, written), out var read), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(read!.SenderReport!.Reports, Is.EqualTo(new[] { Block }));
            Assert.That(read.ReceiverReport, Is.Null);
            Assert.That(read.SourceDescription!.Chunks, Is.EqualTo(new[] { new RtcpSdesChunk(0x11223344, "ivr@example.net") }));
            Assert.That(read.Bye!.Reason, Is.EqualTo("hangup"));
            Assert.That(read.SkippedPackets, Is.Zero);
        });
    }

    [Test]
    public void Compound_packet_needs_a_report_to_be_written()
    {
        var compound = new RtcpCompoundPacket { SourceDescription = new RtcpSourceDescription(1, "x") };

        Assert.That(compound.TryWrite(new byte[64], out var written), Is.False);
        Assert.That(written, Is.Zero);
    }

    [Test]
    public void Writers_refuse_short_buffers_and_oversized_fields()
    {
        var tooMany = Enumerable.Repeat(Block, 32).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(NewSenderReport().TryWrite(new byte[51], out _), Is.False);
            Assert.That(new RtcpReceiverReport(1, tooMany).TryWrite(new byte[2000], out _), Is.False);
            Assert.That(new RtcpSourceDescription(1, new string('x', 256)).TryWrite(new byte[2000], out _), Is.False);
            Assert.That(new RtcpBye([1], new string('x', 256)).TryWrite(new byte[2000], out _), Is.False);
            Assert.That(new RtcpCompoundPacket { ReceiverReport = new RtcpReceiverReport(1), Bye = new RtcpBye([1]) }.TryWrite(new byte[15], out _), Is.False);
        });
    }

    [Test]
    public void Unknown_packets_are_skipped_and_padding_on_the_last_packet_is_accepted()
    {
        // RR, then APP (PT 204, name "TEST", no data), then padded BYE with 4 octets of padding.
        byte[] datagram =
        [
            0x80, 0xC9, 0x00, 0x01, 0, 0, 0, 1,
            0x80, 0xCC, 0x00, 0x02, 0, 0, 0, 1, (byte)'T', (byte)'E', (byte)'S', (byte)'T',
            0xA1, 0xCB, 0x00, 0x02, 0, 0, 0, 1, 0, 0, 0, 4,
        ];

        Assert.That(RtcpCompoundPacket.TryParse(datagram, out var read), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(read!.ReceiverReport!.Ssrc, Is.EqualTo(1u));
            Assert.That(read.SkippedPackets, Is.EqualTo(1));
            Assert.That(read.Bye!.Sources, Is.EqualTo(new[] { 1u }));
        });
    }

    [TestCase(new byte[] { }, TestName = "empty")]
    [TestCase(new byte[] { 0x80, 0xC9, 0x00 }, TestName = "shorter than a header")]
    [TestCase(new byte[] { 0x40, 0xC9, 0x00, 0x01, 0, 0, 0, 1 }, TestName = "version 1")]
    [TestCase(new byte[] { 0x80, 0xC9, 0x00, 0x02, 0, 0, 0, 1 }, TestName = "length past the end")]
    [TestCase(new byte[] { 0x81, 0xC9, 0x00, 0x01, 0, 0, 0, 1 }, TestName = "report count past the length")]
    [TestCase(new byte[] { 0x80, 0xC8, 0x00, 0x01, 0, 0, 0, 1 }, TestName = "sender report without sender info")]
    [TestCase(new byte[] { 0x80, 0xCA, 0x00, 0x00 }, TestName = "first packet is not a report")]
    [TestCase(new byte[] { 0xA0, 0xC9, 0x00, 0x01, 0, 0, 0, 1, 0x80, 0xCB, 0x00, 0x00 }, TestName = "padding before the last packet")]
    [TestCase(new byte[] { 0xA0, 0xC9, 0x00, 0x01, 0, 0, 0, 9 }, TestName = "padding count larger than the packet")]
    [TestCase(new byte[] { 0xA0, 0xC9, 0x00, 0x01, 0, 0, 0, 0 }, TestName = "padding count zero")]
    [TestCase(new byte[] { 0x80, 0xC9, 0x00, 0x01, 0, 0, 0, 1, 0x81, 0xCA, 0x00, 0x02, 0, 0, 0, 1, 1, 9, 0, 0 }, TestName = "sdes item past the end")]
    [TestCase(new byte[] { 0x80, 0xC9, 0x00, 0x01, 0, 0, 0, 1, 0x81, 0xCA, 0x00, 0x02, 0, 0, 0, 1, 1, 2, 65, 65 }, TestName = "sdes chunk without end octet")]
    [TestCase(new byte[] { 0x80, 0xC9, 0x00, 0x01, 0, 0, 0, 1, 0x82, 0xCB, 0x00, 0x01, 0, 0, 0, 1 }, TestName = "bye source count past the length")]
    [TestCase(new byte[] { 0x80, 0xC9, 0x00, 0x01, 0, 0, 0, 1, 0x80, 0xCB, 0x00, 0x01, 9, 0, 0, 0 }, TestName = "bye reason past the end")]
    [TestCase(new byte[] { 0x80, 0xC9, 0x00, 0x01, 0, 0, 0, 1, 0x80 }, TestName = "trailing garbage")]
    public void Malformed_datagrams_are_rejected(byte[] datagram) =>
        Assert.That(RtcpCompoundPacket.TryParse(datagram, out _), Is.False);

    [Test]
    public void Every_truncation_of_a_valid_compound_packet_is_rejected()
    {
        var compound = new RtcpCompoundPacket
        {
            SenderReport = NewSenderReport(),
            SourceDescription = new RtcpSourceDescription(0x11223344, "ivr@example.net"),
            Bye = new RtcpBye([0x11223344], "hangup"),
        };
        var buffer = new byte[256];
        Assert.That(compound.TryWrite(buffer, out var written), Is.True);
        var boundaries = new[] { SenderReportBytes.Length, SenderReportBytes.Length + compound.SourceDescription.Length };

        for (var n = 0; n < written; n++)
        {
            // Cutting exactly between packets leaves a shorter but valid compound packet.
            Assert.That(RtcpCompoundPacket.TryParse(buffer.AsSpan(0, n), out _), Is.EqualTo(boundaries.Contains(n)), $"first {n} bytes");
        }
    }

    [Test]
    public void Garbage_never_throws()
    {
        var random = new Random(3550);
        var buffer = new byte[80];
        var accepted = 0;
        for (var i = 0; i < 20_000; i++)
        {
            random.NextBytes(buffer);

            // Make most inputs look like RTCP so the parsers get past the first check.
            if (i % 2 == 0)
            {
                buffer[0] = (byte)(0x80 | (buffer[0] & 0x3F));
                buffer[1] = (byte)(200 + (buffer[1] % 5));
            }

            var length = random.Next(buffer.Length + 1);
            accepted += RtcpCompoundPacket.TryParse(buffer.AsSpan(0, length), out _) ? 1 : 0;
            var span = buffer.AsSpan(0, length);
            accepted += RtcpSenderReport.TryParse(span, out _) | RtcpReceiverReport.TryParse(span, out _)
                | RtcpSourceDescription.TryParse(span, out _) | RtcpBye.TryParse(span, out _) ? 1 : 0;
        }

        Assert.That(accepted, Is.LessThan(40_000));
    }
}
