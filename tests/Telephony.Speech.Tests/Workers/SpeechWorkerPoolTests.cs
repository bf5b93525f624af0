using Microsoft.Extensions.Time.Testing;
using Telephony.Speech.Vad;
using Telephony.Speech.Workers;

namespace Telephony.Speech.Tests.Workers;

public class SpeechWorkerPoolTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Test]
    public void Work_runs_on_the_pool_threads_not_the_caller()
    {
        var threads = new System.Collections.Concurrent.ConcurrentBag<string?>();
        using var done = new CountdownEvent(20);
        using var pool = new SpeechWorkerPool<int>(_ =>
        {
            threads.Add(Thread.CurrentThread.Name);
            done.Signal();
        }, new SpeechWorkerPoolOptions(Workers: 2, Name: "asr"));

        for (var i = 0; i < 20; i++)
        {
            Assert.That(pool.TryEnqueue(i), Is.True);
        }

        Assert.That(done.Wait(Patience), Is.True);
        Assert.That(threads, Has.All.Matches<string?>(n => n is "asr-0" or "asr-1"));
        Assert.That(WaitFor(() => pool.Stats.Completed == 20), Is.True);
        var stats = pool.Stats;
        Assert.That((stats.Accepted, stats.Completed, stats.Failed, stats.Rejected, stats.Queued, stats.Running), Is.EqualTo((20L, 20L, 0L, 0L, 0, 0)));
    }

    [Test]
    public void By_default_there_is_one_worker_per_core()
    {
        using var pool = new SpeechWorkerPool<int>(_ => { });

        Assert.That(pool.Workers, Is.EqualTo(Environment.ProcessorCount));
        Assert.That(pool.QueueCapacity, Is.EqualTo(256 * Environment.ProcessorCount), "room for every call of a burst to be speaking at once");
    }

    [Test]
    public void A_queue_too_far_behind_refuses_work_though_it_has_room()
    {
        var time = new FakeTimeProvider();
        using var gate = new ManualResetEventSlim();
        using var pool = new SpeechWorkerPool<int>(_ => gate.Wait(Patience), new SpeechWorkerPoolOptions(Workers: 1, QueueCapacity: 100, MaxQueueWait: TimeSpan.FromSeconds(2)), time: time);

        Assert.That(pool.TryEnqueue(0), Is.True);
        Assert.That(WaitFor(() => pool.Stats.Running == 1), Is.True, "the worker is busy with the first item");
        Assert.That(pool.TryEnqueue(1), Is.True, "the second waits");
        time.Advance(TimeSpan.FromMilliseconds(1900));
        Assert.That(pool.TryEnqueue(2), Is.True, "the oldest waiting has waited 1.9 s: still taken");
        time.Advance(TimeSpan.FromMilliseconds(200));
        Assert.That(pool.TryEnqueue(3), Is.False, "the oldest has waited 2.1 s: refused, with room for 98 more");
        Assert.That(pool.Stats.Rejected, Is.EqualTo(1L));

        gate.Set();
        Assert.That(WaitFor(() => pool.Stats.Completed == 3), Is.True);
        Assert.That(pool.TryEnqueue(4), Is.True, "caught up: taken again");
    }

    [Test]
    public void A_full_queue_refuses_work_and_counts_it()
    {
        using var gate = new ManualResetEventSlim();
        using var pool = new SpeechWorkerPool<int>(_ => gate.Wait(Patience), new SpeechWorkerPoolOptions(Workers: 1, QueueCapacity: 4));

        Assert.That(pool.TryEnqueue(0), Is.True);
        Assert.That(WaitFor(() => pool.Stats.Running == 1), Is.True, "the worker took the first item");
        var accepted = Enumerable.Range(1, 10).Count(pool.TryEnqueue);

        var full = pool.Stats;
        Assert.That(accepted, Is.EqualTo(4), "four wait, the rest are refused");
        Assert.That((full.Queued, full.Running, full.Rejected, full.Accepted), Is.EqualTo((4, 1, 6L, 5L)));

        gate.Set();
        Assert.That(WaitFor(() => pool.Stats.Completed == 5), Is.True);
        Assert.That(pool.TryEnqueue(99), Is.True, "room again once the queue drains");
    }

    [Test]
    public void Queue_wait_is_measured_into_the_histogram()
    {
        var time = new FakeTimeProvider();
        using var gate = new ManualResetEventSlim();
        using var pool = new SpeechWorkerPool<int>(_ => gate.Wait(Patience), new SpeechWorkerPoolOptions(Workers: 1, QueueCapacity: 4), time: time);

        pool.TryEnqueue(0);
        Assert.That(WaitFor(() => pool.Stats.Running == 1), Is.True);
        pool.TryEnqueue(1); // waits behind the first for 30 ms of the fake clock
        time.Advance(TimeSpan.FromMilliseconds(30));
        gate.Set();
        Assert.That(WaitFor(() => pool.Stats.Completed == 2), Is.True);

        var stats = pool.Stats;
        Assert.That(stats.QueueWaitMax, Is.EqualTo(TimeSpan.FromMilliseconds(30)));
        Assert.That(stats.QueueWaitTotal, Is.EqualTo(TimeSpan.FromMilliseconds(30)));
        Assert.That(stats.QueueWaitMean, Is.EqualTo(TimeSpan.FromMilliseconds(15)));
        // Buckets ≤1, ≤5, ≤10, ≤25, ≤50 ms ...: one wait of 0 ms, one of 30 ms.
        Assert.That(stats.QueueWaitBuckets, Has.Count.EqualTo(SpeechWorkerPoolStats.QueueWaitBucketBounds.Count + 1));
        Assert.That(stats.QueueWaitBuckets[0], Is.EqualTo(1));
        Assert.That(stats.QueueWaitBuckets[4], Is.EqualTo(1));
        Assert.That(stats.QueueWaitBuckets.Sum(), Is.EqualTo(2));
    }

    [Test]
    public void A_failing_item_is_counted_and_logged_and_the_worker_goes_on()
    {
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var pool = new SpeechWorkerPool<int>(
            i =>
            {
                if (i == 1)
                {
                    throw new InvalidOperationException("grammar rejected");
                }
            },
            new SpeechWorkerPoolOptions(Workers: 1),
            lines.Enqueue);

        pool.TryEnqueue(1);
        pool.TryEnqueue(2);

        Assert.That(WaitFor(() => pool.Stats.Started == 2), Is.True);
        Assert.That((pool.Stats.Failed, pool.Stats.Completed), Is.EqualTo((1L, 1L)));
        Assert.That(lines, Has.One.Contains("speech: error:").And.Contains("grammar rejected"));
    }

    [Test]
    public void Dispose_finishes_queued_work_then_refuses_more()
    {
        var done = 0;
        var pool = new SpeechWorkerPool<int>(_ =>
        {
            Thread.Sleep(5);
            Interlocked.Increment(ref done);
        }, new SpeechWorkerPoolOptions(Workers: 2, QueueCapacity: 50));
        for (var i = 0; i < 30; i++)
        {
            pool.TryEnqueue(i);
        }

        pool.Dispose();

        Assert.That(done, Is.EqualTo(30));
        Assert.That(pool.TryEnqueue(31), Is.False);
        Assert.That(pool.Stats.Rejected, Is.EqualTo(1));
    }

    [Test]
    public void Under_overload_every_item_is_either_done_or_counted_as_refused()
    {
        // Four producers outpace two slow workers with a small queue: nothing is lost or counted twice, and the queue never exceeds its bound.
        var done = 0;
        var maxQueued = 0;
        var pool = new SpeechWorkerPool<int>(_ =>
        {
            Thread.SpinWait(20_000);
            Interlocked.Increment(ref done);
        }, new SpeechWorkerPoolOptions(Workers: 2, QueueCapacity: 8));
        var refused = 0;
        Parallel.For(0, 4, _ =>
        {
            for (var i = 0; i < 500; i++)
            {
                if (!pool.TryEnqueue(i))
                {
                    Interlocked.Increment(ref refused);
                }

                var queued = pool.Stats.Queued;
                int seen;
                while (queued > (seen = Volatile.Read(ref maxQueued)) && Interlocked.CompareExchange(ref maxQueued, queued, seen) != seen)
                {
                }
            }
        });
        pool.Dispose();

        var stats = pool.Stats;
        Assert.That(refused, Is.GreaterThan(0), "the load was more than the pool takes");
        Assert.That(stats.Rejected, Is.EqualTo(refused));
        Assert.That(stats.Accepted + stats.Rejected, Is.EqualTo(2000));
        Assert.That(stats.Completed, Is.EqualTo(stats.Accepted));
        Assert.That(done, Is.EqualTo(stats.Accepted));
        Assert.That(maxQueued, Is.LessThanOrEqualTo(8));
    }

    [Test]
    public void Bad_sizes_are_refused_with_the_field_named()
    {
        var workers = Assert.Throws<SpeechException>(() => new SpeechWorkerPool<int>(_ => { }, new SpeechWorkerPoolOptions(Workers: 0)));
        var queue = Assert.Throws<SpeechException>(() => new SpeechWorkerPool<int>(_ => { }, new SpeechWorkerPoolOptions(QueueCapacity: 0)));
        var wait = Assert.Throws<SpeechException>(() => new SpeechWorkerPool<int>(_ => { }, new SpeechWorkerPoolOptions(MaxQueueWait: TimeSpan.Zero)));
        Assert.That(wait!.Message, Does.Contain("max queue wait"));

        Assert.That(workers!.Message, Does.Contain("workers"));
        Assert.That(queue!.Message, Does.Contain("queue capacity"));
    }

    [Test]
    public void Enqueueing_a_struct_allocates_nothing()
    {
        using var pool = new SpeechWorkerPool<(int Call, int Frame)>(_ => { }, new SpeechWorkerPoolOptions(Workers: 1, QueueCapacity: 1000));
        pool.TryEnqueue((0, 0));

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 1; i <= 500; i++)
        {
            pool.TryEnqueue((1, i));
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    [Test]
    public void Voice_activity_of_many_calls_runs_on_the_pool_with_the_same_result_as_alone()
    {
        // The intended use: the media clock hands each call's 20 ms frame to the pool; every call's detector sees its frames in order.
        using var model = SileroVadModel.Load(VadModelFile.DefaultPath());
        var audio = Vad.RecordedSpeech.Concat(Vad.RecordedSpeech.GoForward(), Vad.RecordedSpeech.Silence(TimeSpan.FromSeconds(1)));
        using var alone = model.CreateDetector();
        var expected = Vad.VadRun.Frames(alone, audio).Select(r => (r.Kind, r.At)).ToList();

        const int Calls = 8;
        var calls = Enumerable.Range(0, Calls).Select(_ => new CallStream(model.CreateDetector())).ToArray();
        using (var pool = new SpeechWorkerPool<CallFrame>(f => f.Call.Feed(audio, f.Offset), new SpeechWorkerPoolOptions(Workers: 2, QueueCapacity: 4096)))
        {
            for (var offset = 0; offset < audio.Length; offset += Vad.RecordedSpeech.FrameSamples)
            {
                foreach (var call in calls)
                {
                    Assert.That(pool.TryEnqueue(new CallFrame(call, offset)), Is.True);
                }
            }
        }

        foreach (var call in calls)
        {
            Assert.That(call.Seen, Is.EqualTo(expected));
            call.Vad.Dispose();
        }
    }

    private static bool WaitFor(Func<bool> condition)
    {
        var until = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > until)
            {
                return false;
            }

            Thread.Sleep(1);
        }

        return true;
    }

    private readonly record struct CallFrame(CallStream Call, int Offset);

    /// <summary>One call's detector; a lock keeps its frames in order when two workers hold consecutive ones.</summary>
    private sealed class CallStream(IVoiceActivityDetector vad)
    {
        private int _next;

        public IVoiceActivityDetector Vad { get; } = vad;

        public List<(VadTransitionKind, TimeSpan)> Seen { get; } = [];

        public void Feed(short[] audio, int offset)
        {
            lock (this)
            {
                // Frames are queued in order, but two workers may take consecutive ones: wait for this frame's turn.
                while (_next != offset)
                {
                    Monitor.Wait(this);
                }

                var length = Math.Min(Telephony.Speech.Tests.Vad.RecordedSpeech.FrameSamples, audio.Length - offset);
                var t = Vad.Feed(audio.AsSpan(offset, length));
                if (t.Kind != VadTransitionKind.None)
                {
                    Seen.Add((t.Kind, t.At));
                }

                _next = offset + length;
                Monitor.PulseAll(this);
            }
        }
    }
}
