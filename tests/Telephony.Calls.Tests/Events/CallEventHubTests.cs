using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using Telephony.Calls.Events;

namespace Telephony.Calls.Tests.Events;

public class CallEventHubTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static Dictionary<string, string?> Data(params (string Key, string? Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);

    [Test]
    public void Ids_increase_from_one_and_events_carry_their_time_and_data()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 6, 0, 0, TimeSpan.Zero));
        var hub = new CallEventHub(time: time);
        hub.Publish(CallEventType.Started, "a", Data(("direction", "inbound")));
        time.Advance(TimeSpan.FromSeconds(2));
        hub.Publish(CallEventType.Answered, "a", Data(("codec", "PCMU")));

        var events = hub.Buffered(null);
        Assert.Multiple(() =>
        {
            Assert.That(events.Select(e => e.Id), Is.EqualTo(new long[] { 1, 2 }));
            Assert.That(events[1].Type, Is.EqualTo(CallEventType.Answered));
            Assert.That(events[1].At, Is.EqualTo(time.GetUtcNow()));
            Assert.That(events[1].Data["codec"], Is.EqualTo("PCMU"));
            Assert.That(hub.LastId, Is.EqualTo(2));
        });
    }

    [Test]
    public void The_ring_keeps_only_the_newest_events()
    {
        var hub = new CallEventHub(capacity: 5);
        for (var i = 0; i < 8; i++)
        {
            hub.Publish(CallEventType.Dtmf, "a", Data(("digit", i.ToString())));
        }

        Assert.Multiple(() =>
        {
            Assert.That(hub.Buffered(null).Select(e => e.Id), Is.EqualTo(new long[] { 4, 5, 6, 7, 8 }));
            Assert.That(hub.Buffered(6).Select(e => e.Id), Is.EqualTo(new long[] { 7, 8 }));
            Assert.That(hub.Buffered(1).Select(e => e.Id), Is.EqualTo(new long[] { 4, 5, 6, 7, 8 }), "ids older than the ring replay what is left");
            Assert.That(hub.Buffered(8), Is.Empty);
            Assert.That(hub.Buffered(99).Select(e => e.Id), Is.EqualTo(new long[] { 4, 5, 6, 7, 8 }), "an id from a previous server run replays everything buffered");
        });
    }

    [Test]
    public async Task A_watcher_resuming_after_an_id_gets_the_rest_then_live_events_in_order()
    {
        var hub = new CallEventHub();
        for (var i = 0; i < 5; i++)
        {
            hub.Publish(CallEventType.Step, "a", Data(("step", "s" + i)));
        }

        using var cancel = new CancellationTokenSource(Patience);
        var seen = new List<long>();
        await using var e = hub.WatchAsync(3, cancel.Token).GetAsyncEnumerator(cancel.Token);
        Assert.That(await e.MoveNextAsync(), Is.True);
        seen.Add(e.Current.Id);

        // Registered by now: what is published next arrives live, after the replay.
        hub.Publish(CallEventType.Ended, "a", Data(("cause", "BYE")));
        while (seen.Count < 3 && await e.MoveNextAsync())
        {
            seen.Add(e.Current.Id);
        }

        Assert.Multiple(() =>
        {
            Assert.That(seen, Is.EqualTo(new long[] { 4, 5, 6 }));
            Assert.That(e.Current.Data["cause"], Is.EqualTo("BYE"));
        });
    }

    [Test]
    public async Task Concurrent_publishers_get_unique_ids_and_every_watcher_sees_them_in_id_order()
    {
        const int Threads = 4;
        const int PerThread = 2_500;
        var hub = new CallEventHub(capacity: 100, watcherBacklog: Threads * PerThread);
        using var cancel = new CancellationTokenSource(Patience);
        var received = new List<CallEvent>();
        var started = new TaskCompletionSource();
        var watcher = Task.Run(async () =>
        {
            await using var e = hub.WatchAsync(null, cancel.Token).GetAsyncEnumerator(cancel.Token);
            var first = e.MoveNextAsync();
            started.SetResult();
            if (!await first)
            {
                return;
            }

            received.Add(e.Current);
            while (received.Count < Threads * PerThread && await e.MoveNextAsync())
            {
                received.Add(e.Current);
            }
        });

        // Wait until the watcher is registered, then race the publishers.
        await started.Task;
        while (hub.WatcherCount == 0)
        {
            await Task.Delay(1);
        }

        await Task.WhenAll(Enumerable.Range(0, Threads).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                hub.Publish(CallEventType.Dtmf, "call-" + t, Data(("seq", i.ToString())));
            }
        })));
        await watcher.WaitAsync(Patience);

        Assert.Multiple(() =>
        {
            Assert.That(received.Select(r => r.Id), Is.EqualTo(Enumerable.Range(1, Threads * PerThread).Select(i => (long)i)), "ids are unique, gapless and in order");
            foreach (var group in received.GroupBy(r => r.CallId))
            {
                Assert.That(group.Select(r => int.Parse(r.Data["seq"]!)), Is.EqualTo(Enumerable.Range(0, PerThread)), $"{group.Key}'s events keep its publishing order");
            }

            Assert.That(hub.Overruns, Is.Zero);
        });
    }

    [Test]
    public async Task A_watcher_that_falls_behind_is_ended_without_blocking_publishers_and_resumes_from_the_ring()
    {
        var hub = new CallEventHub(capacity: 100, watcherBacklog: 4);
        using var cancel = new CancellationTokenSource(Patience);
        await using var slow = hub.WatchAsync(null, cancel.Token).GetAsyncEnumerator(cancel.Token);
        var first = slow.MoveNextAsync();
        hub.Publish(CallEventType.Started, "a", Data());
        Assert.That(await first, Is.True);
        var lastSeen = slow.Current.Id;

        // The watcher does not read: its backlog fills up; publishing must still return at once.
        var publishing = Task.Run(() =>
        {
            for (var i = 0; i < 50; i++)
            {
                hub.Publish(CallEventType.Dtmf, "a", Data(("digit", "1")));
            }
        });
        await publishing.WaitAsync(Patience);
        Assert.That(hub.Overruns, Is.EqualTo(1));

        // It reads what was queued, then its enumeration ends.
        while (await slow.MoveNextAsync())
        {
            lastSeen = slow.Current.Id;
        }

        Assert.That(lastSeen, Is.EqualTo(5), "the first event and the four it had room for");
        var resumed = new List<long>();
        await foreach (var e in hub.WatchAsync(lastSeen, cancel.Token))
        {
            resumed.Add(e.Id);
            if (e.Id == hub.LastId)
            {
                break;
            }
        }

        Assert.That(resumed, Is.EqualTo(Enumerable.Range(6, 46).Select(i => (long)i)), "nothing lost: the rest comes from the ring");
    }

    [Test]
    public async Task Cancelling_a_watcher_unregisters_it()
    {
        var hub = new CallEventHub();
        using var cancel = new CancellationTokenSource();
        var reading = Task.Run(async () =>
        {
            await foreach (var _ in hub.WatchAsync(null, cancel.Token))
            {
            }
        });
        var deadline = DateTime.UtcNow + Patience;
        while (hub.WatcherCount == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(5);
        }

        Assert.That(hub.WatcherCount, Is.EqualTo(1));
        await cancel.CancelAsync();
        Assert.That(async () => await reading.WaitAsync(Patience), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(hub.WatcherCount, Is.Zero);
        hub.Publish(CallEventType.Started, "a", Data());
        Assert.That(hub.LastId, Is.EqualTo(1));
    }
}
