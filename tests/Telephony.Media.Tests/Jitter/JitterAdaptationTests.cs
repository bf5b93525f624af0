using Telephony.Media.Codecs;
using Telephony.Media.Jitter;

namespace Telephony.Media.Tests.Jitter;

/// <summary>Long simulated runs: the buffer's delay follows the network and the sender's clock.</summary>
public class JitterAdaptationTests
{
    private const double Transit = 30;

    [Test]
    public void Target_delay_grows_fast_under_jitter_and_comes_back_down_slowly()
    {
        var random = new Random(1);
        var sim = new JitterSimulation();

        // 10 s with 0–80 ms of random extra delay per packet (reordering included), then a calm network for a minute.
        for (var n = 0; n < 3500; n++)
        {
            var extra = n < 500 ? random.NextDouble() * 80 : 0;
            sim.Send(n, (n * 20) + Transit + extra);
        }

        sim.RunUntil(1000);
        var lateAfterOneSecond = sim.Buffer.Stats.Late;
        sim.RunUntil(10_000);
        var underJitter = sim.Buffer.Stats;
        sim.RunUntil(12_000);
        var twoSecondsCalm = sim.Buffer.Stats;
        sim.RunUntil(70_000);
        var oneMinuteCalm = sim.Buffer.Stats;

        Assert.Multiple(() =>
        {
            Assert.That(underJitter.TargetDelayMs, Is.InRange(75, 100), "about the 80 ms spread plus half a frame");
            Assert.That(underJitter.CurrentDelayMs, Is.InRange(underJitter.TargetDelayMs, underJitter.TargetDelayMs + 25));
            Assert.That(underJitter.Late - lateAfterOneSecond, Is.LessThanOrEqualTo(5), "once adapted, (almost) nothing is late");
            Assert.That(twoSecondsCalm.TargetDelayMs, Is.GreaterThan(60), "shrinks slowly");
            Assert.That(oneMinuteCalm.TargetDelayMs, Is.EqualTo(20).Within(1), "back to the minimum");
            Assert.That(oneMinuteCalm.CurrentDelayMs, Is.InRange(20, 45));
            Assert.That(sim.PlayedSequence, Is.Ordered);
        });
    }

    [Test]
    public void Bursty_arrival_is_smoothed_out()
    {
        var sim = new JitterSimulation();

        // The network holds packets and delivers them five at a time every 100 ms.
        for (var n = 0; n < 1000; n++)
        {
            sim.Send(n, (((n / 5) + 1) * 100) + Transit);
        }

        sim.RunUntil(2000);
        var adapted = sim.Buffer.Stats;
        // The last burst arrives at 20 030 ms; stop once it has played, before the end of the
        // stream reads as a gap.
        sim.RunUntil(20_140);
        var end = sim.Buffer.Stats;

        Assert.Multiple(() =>
        {
            Assert.That(end.TargetDelayMs, Is.InRange(80, 110), "the 80 ms between the first and last of a burst");
            Assert.That(end.Late, Is.EqualTo(adapted.Late), "no late packets after adapting");
            Assert.That(end.Concealed, Is.EqualTo(adapted.Concealed), "no gaps after adapting");
            Assert.That(end.Played + end.Late + end.Dropped, Is.EqualTo(1000), "every frame played, or accounted for");
            Assert.That(sim.PlayedSequence, Is.Ordered.And.Unique);
        });
    }

    [TestCase(+0.005, true, TestName = "Sender_clock_0.5_percent_fast_for_10_minutes")]
    [TestCase(-0.005, true, TestName = "Sender_clock_0.5_percent_slow_for_10_minutes")]
    [TestCase(+0.005, false, TestName = "Sender_clock_0.5_percent_fast_without_pauses")]
    [TestCase(-0.005, false, TestName = "Sender_clock_0.5_percent_slow_without_pauses")]
    public void Clock_drift_is_absorbed_with_bounded_delay(double drift, bool pauses)
    {
        var random = new Random(2);

        // Talk for a second, pause for a second: corrections should land in the pauses. Without
        // pauses they must still happen, once patience runs out.
        Func<int, bool> quiet = pauses ? n => n / 50 % 2 == 1 : _ => false;
        var sim = new JitterSimulation(new JitterBufferOptions { IsQuiet = G711QuietDetector.For(AudioEncoding.Pcmu) }) { Quiet = quiet };

        // The sender's 20 ms frames take 20 (1 − drift) ms of our time, with up to 10 ms of jitter.
        var frames = (int)(600_000 / (20 * (1 - drift)));
        for (var n = 0; n < frames; n++)
        {
            sim.Send(n, (n * 20 * (1 - drift)) + Transit + (random.NextDouble() * 10));
        }

        var minDelay = double.MaxValue;
        var maxDelay = double.MinValue;
        for (var t = 5_000; t <= 600_000; t += 1000)
        {
            sim.RunUntil(t);
            var delay = sim.Buffer.Stats.CurrentDelayMs;
            minDelay = Math.Min(minDelay, delay);
            maxDelay = Math.Max(maxDelay, delay);
        }

        var stats = sim.Buffer.Stats;
        var (corrections, wrongWay) = drift > 0 ? (stats.Dropped, stats.Inserted) : (stats.Inserted, stats.Dropped);

        // Dropped frames are the gaps in what played; inserted ones follow the frame played before them.
        var played = sim.Played.Where(p => p.Frame.Status == JitterFrameStatus.Frame).Select(p => p.N).ToList();
        var dropped = played.Zip(played.Skip(1)).SelectMany(pair => Enumerable.Range(pair.First + 1, pair.Second - pair.First - 1));
        var afterInsert = sim.Played.Zip(sim.Played.Skip(1)).Where(pair => pair.Second.Frame.Status == JitterFrameStatus.Inserted).Select(pair => pair.First.N);
        var inPauses = (drift > 0 ? dropped : afterInsert).Count(quiet);
        TestContext.Out.WriteLine($"{stats}; delay {minDelay:F1}..{maxDelay:F1} ms; {inPauses} in pauses");

        Assert.Multiple(() =>
        {
            // 0.5% of 10 minutes is 3 s: 150 frames of 20 ms to drop or insert.
            Assert.That(corrections, Is.InRange(140, 170), "drift corrections");
            Assert.That(wrongWay, Is.LessThanOrEqualTo(10));
            Assert.That(inPauses, Is.GreaterThanOrEqualTo(pauses ? corrections * 9 / 10 : 0), "corrections wait for quiet frames");
            Assert.That(minDelay, Is.GreaterThanOrEqualTo(10), "never runs dry");
            Assert.That(maxDelay, Is.LessThanOrEqualTo(80), "never piles up");
            Assert.That(stats.Late + stats.Concealed, Is.LessThan(frames / 1000), "under 0.1% of frames lost to the buffer");
        });
    }
}
