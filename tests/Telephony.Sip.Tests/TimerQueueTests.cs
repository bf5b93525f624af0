using Microsoft.Extensions.Time.Testing;
using Telephony.Sip.Transactions;

namespace Telephony.Sip.Tests;

/// <summary>The process-wide SIP timer queue: exact deadlines, cancellation, and batching within slack.</summary>
public class TimerQueueTests
{
    [Test]
    public void A_timer_fires_at_its_deadline_not_before()
    {
        var time = new FakeTimeProvider();
        using var queue = new TimerQueue(time);
        var fired = 0;
        queue.Schedule(TimeSpan.FromMilliseconds(500), _ => fired++, null);

        time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.That(fired, Is.Zero);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.That(fired, Is.EqualTo(1));
    }

    [Test]
    public void Deadlines_within_a_later_timers_slack_run_together_so_the_thread_wakes_once()
    {
        var time = new FakeTimeProvider();
        using var queue = new TimerQueue(time);
        var order = new List<string>();

        // Slack is 1/64 of the delay, at most 10 ms: 1.7 ms for 108 ms, 10 ms for 1.1 s.
        queue.Schedule(TimeSpan.FromMilliseconds(100), _ => order.Add("b"), null);
        queue.Schedule(TimeSpan.FromMilliseconds(108), _ => order.Add("c"), null); // slack 1.7 ms: not with b
        queue.Schedule(TimeSpan.FromSeconds(1) + TimeSpan.FromMilliseconds(108), _ => order.Add("d"), null);
        queue.Schedule(TimeSpan.FromSeconds(1) + TimeSpan.FromMilliseconds(100), _ => order.Add("e"), null);

        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.That(order, Is.EqualTo(new[] { "b" }), "c is 8 ms later, beyond its 1.7 ms slack");
        time.Advance(TimeSpan.FromMilliseconds(8));
        Assert.That(order, Is.EqualTo(new[] { "b", "c" }));

        time.Advance(TimeSpan.FromSeconds(1) - TimeSpan.FromMilliseconds(8));
        Assert.That(order, Is.EqualTo(new[] { "b", "c", "e", "d" }), "d, 8 ms after e and within its 10 ms slack, ran with e");
    }

    [Test]
    public void A_cancelled_timer_never_runs()
    {
        var time = new FakeTimeProvider();
        using var queue = new TimerQueue(time);
        var fired = false;
        var handle = queue.Schedule(TimeSpan.FromSeconds(1), _ => fired = true, null);
        handle.Cancel();
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Multiple(() =>
        {
            Assert.That(fired, Is.False);
            Assert.That(queue.Count, Is.Zero);
        });
    }
}
