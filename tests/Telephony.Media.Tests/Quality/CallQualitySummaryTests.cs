using Telephony.Media.Jitter;
using Telephony.Media.Quality;
using Telephony.Media.Rtcp;

namespace Telephony.Media.Tests.Quality;

public class CallQualitySummaryTests
{
    private static JitterBufferStats Buffer(long late = 0, double delayMs = 40) =>
        new(Stored: 98, Played: 97, Duplicates: 1, Late: late, Concealed: 3, Inserted: 0, Dropped: 0, Discarded: 0, Resyncs: 0, ClockSkips: 0, TargetDelayMs: 40, CurrentDelayMs: delayMs);

    private static RtpReceiverStatistics Received(int count, params int[] lost)
    {
        var stats = new RtpReceiverStatistics();
        for (var seq = 0; seq < count; seq++)
        {
            if (!lost.Contains(seq))
            {
                stats.OnPacket((ushort)seq, (uint)(seq * 160), TimeSpan.FromMilliseconds(seq * 20));
            }
        }

        return stats;
    }

    [Test]
    public void Summarises_counts_loss_jitter_and_rtt()
    {
        var summary = CallQualitySummary.From(Received(100, 10, 20), Buffer(late: 1), TimeSpan.FromMilliseconds(60));

        Assert.Multiple(() =>
        {
            Assert.That(summary.PacketsReceived, Is.EqualTo(98));
            Assert.That(summary.PacketsLost, Is.EqualTo(2));
            Assert.That(summary.LossPercent, Is.EqualTo(2));
            Assert.That(summary.PacketsLate, Is.EqualTo(1));
            Assert.That(summary.PacketsDuplicated, Is.EqualTo(1));
            Assert.That(summary.PacketsConcealed, Is.EqualTo(3));
            Assert.That(summary.JitterMs, Is.Zero, "perfectly paced");
            Assert.That(summary.RoundTripMs, Is.EqualTo(60));

            // Half the RTT, the buffer's 40 ms, one 20 ms frame; late packets count as lost.
            Assert.That(summary.OneWayDelayMs, Is.EqualTo(90));
            Assert.That(summary.RFactor, Is.EqualTo(EModel.RFactor(90, 3)).Within(1e-9));
            Assert.That(summary.Mos, Is.EqualTo(EModel.Mos(summary.RFactor)));
        });
    }

    [Test]
    public void A_clean_call_without_rtt_rates_close_to_the_maximum()
    {
        var summary = CallQualitySummary.From(Received(500), Buffer(), roundTrip: null);

        Assert.Multiple(() =>
        {
            Assert.That(summary.RoundTripMs, Is.Null);
            Assert.That(summary.LossPercent, Is.Zero);
            Assert.That(summary.Mos, Is.EqualTo(4.41).Within(0.005));
        });
    }

    [Test]
    public void More_loss_rates_lower()
    {
        var clean = CallQualitySummary.From(Received(200), null, null);
        var onePercent = CallQualitySummary.From(Received(200, 50, 150), null, null);
        var fivePercent = CallQualitySummary.From(Received(200, Enumerable.Range(0, 10).Select(i => (i * 20) + 5).ToArray()), null, null);

        Assert.Multiple(() =>
        {
            Assert.That(onePercent.LossPercent, Is.EqualTo(1));
            Assert.That(fivePercent.LossPercent, Is.EqualTo(5));
            Assert.That(fivePercent.Mos, Is.LessThan(onePercent.Mos));
            Assert.That(onePercent.Mos, Is.LessThan(clean.Mos));
        });
    }

    [Test]
    public void Nothing_received_is_not_a_division_by_zero()
    {
        var summary = CallQualitySummary.From(new RtpReceiverStatistics(), null, null);

        Assert.Multiple(() =>
        {
            Assert.That(summary.LossPercent, Is.Zero);
            Assert.That(summary.PacketsReceived, Is.Zero);
        });
    }
}
