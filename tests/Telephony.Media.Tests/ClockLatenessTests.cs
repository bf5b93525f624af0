using Telephony.Media.Clock;

namespace Telephony.Media.Tests;

/// <summary>The clock's lateness as Prometheus histogram buckets.</summary>
[NonParallelizable]
public class ClockLatenessTests
{
    private sealed class Listener : IMediaClockListener
    {
        public int Ticks;

        public void OnTick(long tick) => Interlocked.Increment(ref Ticks);
    }

    [Test]
    public void Every_tick_lands_in_one_bucket_and_the_sum_is_kept()
    {
        using var clock = new MediaClock();
        var listener = new Listener();
        clock.Add(listener);
        var deadline = Environment.TickCount64 + 10000;
        while (Volatile.Read(ref listener.Ticks) < 10 && Environment.TickCount64 < deadline)
        {
            Thread.Sleep(10);
        }

        clock.Remove(listener);
        var stats = clock.Stats();
        var lateness = stats.Lateness;
        Assert.Multiple(() =>
        {
            Assert.That(stats.Ticks, Is.GreaterThanOrEqualTo(10));
            Assert.That(lateness.Counts, Has.Count.EqualTo(ClockLateness.UpperBoundsSeconds.Count + 1));
            Assert.That(lateness.Count, Is.EqualTo(stats.Ticks), "every tick counted once");
            Assert.That(lateness.SumSeconds, Is.GreaterThanOrEqualTo(0).And.LessThanOrEqualTo(stats.Ticks * stats.MaxLatenessMs / 1000 + 1e-9));
            Assert.That(ClockLateness.UpperBoundsSeconds, Is.Ordered.Ascending);
        });
    }
}
