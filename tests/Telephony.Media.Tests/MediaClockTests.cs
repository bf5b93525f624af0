using Telephony.Media.Clock;
using Telephony.Media.Rtp;

namespace Telephony.Media.Tests;

[NonParallelizable]
public class MediaClockTests
{
    private sealed class Counter : IMediaClockListener
    {
        public int Ticks;

        public void OnTick(long tick) => Interlocked.Increment(ref Ticks);
    }

    private sealed class Thrower : IMediaClockListener
    {
        public void OnTick(long tick) => throw new InvalidOperationException("broken call");
    }

    [Test]
    public async Task Ticks_every_listener_about_fifty_times_a_second_even_with_a_broken_one()
    {
        using var clock = new MediaClock();
        var a = new Counter();
        var b = new Counter();
        clock.Add(a);
        clock.Add(new Thrower());
        clock.Add(b);

        await Task.Delay(1000);
        clock.Remove(a);
        var frozen = a.Ticks;
        await Task.Delay(100);

        var stats = clock.Stats();
        Assert.Multiple(() =>
        {
            Assert.That(frozen, Is.InRange(20, 60), "about 50 ticks in a second (loose: CI machines are busy)");
            Assert.That(b.Ticks, Is.GreaterThan(frozen));
            Assert.That(a.Ticks, Is.EqualTo(frozen), "removed listeners are not called");
            Assert.That(stats.ListenerErrors, Is.GreaterThan(30));
            Assert.That(stats.Ticks, Is.GreaterThan(40));
        });
    }

    [Test]
    public void Port_pool_hands_out_even_ports_once_and_rotates()
    {
        var pool = new RtpPortPool(10001, 10008);
        var rented = new List<int>();
        while (pool.TryRent(out var p))
        {
            rented.Add(p);
        }

        Assert.That(rented, Is.EqualTo(new[] { 10002, 10004, 10006, 10008 }));
        pool.Return(10004);
        Assert.That(pool.TryRent(out var again), Is.True);
        Assert.That(again, Is.EqualTo(10004));
    }
}
