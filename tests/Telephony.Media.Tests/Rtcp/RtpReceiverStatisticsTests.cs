using Telephony.Media.Rtcp;

namespace Telephony.Media.Tests.Rtcp;

public class RtpReceiverStatisticsTests
{
    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    [Test]
    public void Jitter_follows_the_A8_formula_on_a_hand_computed_sequence()
    {
        var stats = new RtpReceiverStatistics(8000);

        // 20 ms frames (160 units); the third packet is 5 ms late. Transit (arrival·8 − ts):
        // −1000, −1000, −960, −1000, −1000, so |D| = 0, 40, 40, 0 and
        // J = 0 → 40/16 = 2.5 → 2.5 + 37.5/16 = 4.84375 → 4.84375 − 4.84375/16 = 4.541015625.
        (double Arrival, uint Ts)[] packets = [(0, 1000), (20, 1160), (45, 1320), (60, 1480), (80, 1640)];
        var expected = new[] { 0, 0, 2.5, 4.84375, 4.541015625 };
        for (var i = 0; i < packets.Length; i++)
        {
            Assert.That(stats.OnPacket((ushort)i, packets[i].Ts, Ms(packets[i].Arrival)), Is.True);
            Assert.That(stats.Jitter, Is.EqualTo(expected[i]).Within(1e-12), $"after packet {i}");
        }

        Assert.Multiple(() =>
        {
            Assert.That(stats.JitterMs, Is.EqualTo(4.541015625 / 8).Within(1e-12));
            Assert.That(stats.CreateReportBlock(1, Ms(100)).Jitter, Is.EqualTo(4u), "truncated to whole timestamp units");
        });
    }

    [Test]
    public void A_constant_clock_offset_is_not_jitter()
    {
        var stats = new RtpReceiverStatistics(8000);
        for (var i = 0; i < 100; i++)
        {
            stats.OnPacket((ushort)i, 3_000_000_000u + (uint)(i * 160), Ms(123_456 + (i * 20)));
        }

        Assert.That(stats.Jitter, Is.Zero);
    }

    [TestCase(true)]
    [TestCase(false)]
    public void A_new_source_starts_sequence_and_transit_afresh_and_keeps_the_calls_totals(bool toldOfNewSource)
    {
        // 50 packets from one SSRC, then 50 from another (a PBX switched media) whose sequence
        // numbers run just behind and whose timestamps start 20 s of clock away, on time throughout.
        var stats = new RtpReceiverStatistics(8000);
        for (var i = 0; i < 50; i++)
        {
            stats.OnPacket((ushort)(1000 + i), 5000 + (uint)(i * 160), Ms(i * 20));
        }

        var jitterBefore = stats.Jitter;
        if (toldOfNewSource)
        {
            stats.NewSource();
        }

        for (var i = 0; i < 50; i++)
        {
            stats.OnPacket((ushort)(990 + i), 165_000 + (uint)(i * 160), Ms(1000 + (i * 20)));
        }

        if (!toldOfNewSource)
        {
            // What the statistics made of it without being told: reordering and duplicates, and a transit step read as jitter.
            Assert.That(stats.Jitter, Is.GreaterThan(100));
            return;
        }

        var block = stats.CreateReportBlock(2, Ms(2000));
        Assert.Multiple(() =>
        {
            Assert.That(stats.Received, Is.EqualTo(100));
            Assert.That(stats.Expected, Is.EqualTo(100));
            Assert.That(stats.CumulativeLost, Is.Zero);
            Assert.That(stats.Jitter, Is.EqualTo(jitterBefore), "no transit step between the sources");
            Assert.That(block.ExtendedHighestSequence, Is.EqualTo(1039u), "the report block describes the new source");
            Assert.That(block.CumulativeLost, Is.Zero);
        });
    }

    [Test]
    public void Fraction_lost_covers_each_reporting_interval()
    {
        var stats = new RtpReceiverStatistics();
        var t = 0.0;
        void Receive(int seq) => stats.OnPacket((ushort)seq, (uint)(seq * 160), Ms(t += 20));

        // Interval 1: 0..9 with 3 and 7 lost: 2 of 10, (2 << 8) / 10 = 51.
        foreach (var seq in Enumerable.Range(0, 10).Except([3, 7]))
        {
            Receive(seq);
        }

        var first = stats.CreateReportBlock(42, Ms(t));

        // Interval 2: 10..19, nothing lost.
        foreach (var seq in Enumerable.Range(10, 10))
        {
            Receive(seq);
        }

        var second = stats.CreateReportBlock(42, Ms(t));

        // Interval 3: 20..29 plus five duplicates: negative interval loss reports as zero.
        foreach (var seq in Enumerable.Range(20, 10).Concat(Enumerable.Range(20, 5)))
        {
            Receive(seq);
        }

        var third = stats.CreateReportBlock(42, Ms(t));

        // Interval 4: 30..39 with 30..33 lost: 4 of 10 → 102.
        foreach (var seq in Enumerable.Range(34, 6))
        {
            Receive(seq);
        }

        var fourth = stats.CreateReportBlock(42, Ms(t));

        Assert.Multiple(() =>
        {
            Assert.That((first.Ssrc, first.FractionLost, first.CumulativeLost, first.ExtendedHighestSequence), Is.EqualTo((42u, (byte)51, 2, 9u)));
            Assert.That((second.FractionLost, second.CumulativeLost), Is.EqualTo(((byte)0, 2)));
            Assert.That((third.FractionLost, third.CumulativeLost), Is.EqualTo(((byte)0, -3)));
            Assert.That((fourth.FractionLost, fourth.CumulativeLost), Is.EqualTo(((byte)102, 1)));
            Assert.That((stats.Expected, stats.Received), Is.EqualTo((40L, 39L)));
        });
    }

    [Test]
    public void Extended_highest_sequence_counts_wraps_and_ignores_reordering_across_it()
    {
        var stats = new RtpReceiverStatistics();
        ushort[] order = [65533, 65534, 0, 65535, 1, 2];
        var t = 0;
        foreach (var seq in order)
        {
            stats.OnPacket(seq, 0, Ms(t += 20));
        }

        Assert.Multiple(() =>
        {
            Assert.That(stats.ExtendedHighestSequence, Is.EqualTo(0x10002u));
            Assert.That(stats.Expected, Is.EqualTo(6));
            Assert.That(stats.CumulativeLost, Is.Zero);
        });
    }

    [Test]
    public void A_big_jump_needs_a_second_sequential_packet_to_restart()
    {
        var stats = new RtpReceiverStatistics();
        for (var i = 0; i < 10; i++)
        {
            stats.OnPacket((ushort)(1000 + i), 0, Ms(i * 20));
        }

        Assert.Multiple(() =>
        {
            Assert.That(stats.OnPacket(40_000, 0, Ms(300)), Is.False, "a stray packet is not counted");
            Assert.That(stats.OnPacket(1010, 0, Ms(320)), Is.True);
            Assert.That(stats.OnPacket(50_000, 0, Ms(340)), Is.False);
            Assert.That(stats.OnPacket(50_001, 0, Ms(360)), Is.True, "sequential: the sender restarted");
        });
        Assert.Multiple(() =>
        {
            Assert.That(stats.ExtendedHighestSequence, Is.EqualTo(50_001u));
            Assert.That((stats.Expected, stats.Received), Is.EqualTo((1L, 1L)));
        });
    }

    [Test]
    public void Report_block_echoes_the_last_sender_report_and_the_delay_since()
    {
        var stats = new RtpReceiverStatistics();
        stats.OnPacket(1, 0, Ms(0));
        Assert.That(stats.CreateReportBlock(1, Ms(10)).LastSenderReport, Is.Zero, "no SR yet");

        stats.OnSenderReport(0xB7052030_12345678, TimeSpan.FromSeconds(100));
        var block = stats.CreateReportBlock(1, TimeSpan.FromSeconds(105.25));

        Assert.Multiple(() =>
        {
            Assert.That(block.LastSenderReport, Is.EqualTo(0x20301234u), "middle 32 bits of the NTP timestamp");
            Assert.That(block.DelaySinceLastSenderReport, Is.EqualTo(0x00054000u), "5.25 s in 1/65536 s");
        });
    }
}
