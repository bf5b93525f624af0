using System.Collections.Concurrent;
using Telephony.Calls.Speech;
using Telephony.Speech.Workers;

namespace Telephony.Calls.Tests.Speech;

/// <summary>
/// Turns on the shared speech workers (a real <see cref="SpeechWorkerPool{TWork}"/>): each turn's
/// frames in order and never on two workers at once, however many turns share the threads; a
/// saturated pool refuses at once and the turn can tell.
/// </summary>
public class SerialSpeechWorkTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private sealed class PoolWorkers(SpeechWorkerPool<ISpeechWorkItem> pool) : ISpeechWorkers
    {
        public bool TrySchedule(ISpeechWorkItem item) => pool.TryEnqueue(item);
    }

    /// <summary>A stand-in for one turn: a producer pushes numbered frames, the drain checks they come in order, alone.</summary>
    private sealed class Turn
    {
        private readonly ConcurrentQueue<int> _frames = new();
        private int _inside;
        private int _next;

        public Turn(ISpeechWorkers workers) => Work = new SerialSpeechWork(workers, Drain);

        public SerialSpeechWork Work { get; }

        public int Frames { get; init; }

        public List<string> Problems { get; } = [];

        public HashSet<int> Threads { get; } = [];

        public void Push(int frame) => _frames.Enqueue(frame);

        public bool HasWaiting => !_frames.IsEmpty;

        private bool Drain()
        {
            if (Interlocked.Increment(ref _inside) != 1)
            {
                lock (Problems)
                {
                    Problems.Add("two workers on one turn");
                }
            }

            Threads.Add(Environment.CurrentManagedThreadId);
            while (_frames.TryDequeue(out var frame))
            {
                if (frame != _next)
                {
                    Problems.Add($"frame {frame} came when {_next} was due");
                }

                _next = frame + 1;
                Thread.SpinWait(200); // a detector's few microseconds per frame
            }

            Interlocked.Decrement(ref _inside);
            return _next == Frames;
        }
    }

    [Test]
    public async Task Sixteen_turns_on_four_workers_see_their_frames_in_order_one_worker_at_a_time()
    {
        using var pool = new SpeechWorkerPool<ISpeechWorkItem>(item => item.Run(), new SpeechWorkerPoolOptions(Workers: 4, QueueCapacity: 64));
        var workers = new PoolWorkers(pool);
        var turns = Enumerable.Range(0, 16).Select(_ => new Turn(workers) { Frames = 2000 }).ToList();

        // The turn's loop as CallSpeechTurn runs it: when frames wait, one drain; the next only after it.
        static async Task ListenAsync(Turn turn)
        {
            while (true)
            {
                while (!turn.HasWaiting)
                {
                    await Task.Yield();
                }

                Assert.That(turn.Work.TrySchedule(out var drained), Is.True, "the pool has room");
                if (await drained)
                {
                    return;
                }
            }
        }

        var listening = turns.Select(t => Task.Run(() => ListenAsync(t))).ToList();
        var producers = turns.Select(t => Task.Run(async () =>
        {
            for (var i = 0; i < t.Frames; i++)
            {
                t.Push(i);
                if (i % 50 == 0)
                {
                    await Task.Yield();
                }
            }
        })).ToList();
        await Task.WhenAll(producers).WaitAsync(Patience);
        await Task.WhenAll(listening).WaitAsync(Patience);

        Assert.Multiple(() =>
        {
            Assert.That(turns.SelectMany(t => t.Problems), Is.Empty);
            Assert.That(turns.SelectMany(t => t.Threads).Distinct().Count(), Is.GreaterThan(1), "the turns were spread over the workers");
            Assert.That(pool.Stats.Failed, Is.Zero);
            Assert.That(pool.Stats.Rejected, Is.Zero);
        });
    }

    [Test]
    public async Task A_saturated_pool_refuses_the_drain_at_once_and_takes_the_next_when_it_has_room()
    {
        using var gate = new ManualResetEventSlim();
        using var busy = new SemaphoreSlim(0);
        using var pool = new SpeechWorkerPool<ISpeechWorkItem>(item => item.Run(), new SpeechWorkerPoolOptions(Workers: 1, QueueCapacity: 1));
        var workers = new PoolWorkers(pool);
        var blocker = new SerialSpeechWork(workers, () =>
        {
            busy.Release();
            gate.Wait(Patience);
            return true;
        });
        var queued = new SerialSpeechWork(workers, () => true);
        var refused = new SerialSpeechWork(workers, () => true);

        Assert.That(blocker.TrySchedule(out var blocked), Is.True);
        Assert.That(await busy.WaitAsync(Patience), Is.True, "the worker is busy");
        Assert.That(queued.TrySchedule(out var waiting), Is.True, "the queue's one place");
        Assert.Multiple(() =>
        {
            Assert.That(refused.TrySchedule(out _), Is.False, "the queue is full: refused, not queued");
            Assert.That(refused.Refused, Is.EqualTo(1));
            Assert.That(pool.Stats.Rejected, Is.EqualTo(1), "the pool counts it (telephony_speech_pool_rejected_total)");
        });

        gate.Set();
        Assert.That(await blocked.AsTask().WaitAsync(Patience), Is.True);
        Assert.That(await waiting.AsTask().WaitAsync(Patience), Is.True);
        Assert.That(refused.TrySchedule(out var later), Is.True, "a refusal leaves the turn free to schedule again");
        Assert.That(await later.AsTask().WaitAsync(Patience), Is.True);
    }

    [Test]
    public async Task A_second_drain_before_the_first_finished_is_a_bug_and_says_so()
    {
        using var gate = new ManualResetEventSlim();
        using var pool = new SpeechWorkerPool<ISpeechWorkItem>(item => item.Run(), new SpeechWorkerPoolOptions(Workers: 1));
        var work = new SerialSpeechWork(new PoolWorkers(pool), () => gate.Wait(Patience));
        Assert.That(work.TrySchedule(out var first), Is.True);
        Assert.Throws<InvalidOperationException>(() => work.TrySchedule(out _));
        gate.Set();
        Assert.That(await first.AsTask().WaitAsync(Patience), Is.True);
    }

    [Test]
    public void A_failing_drain_reaches_the_turn_and_is_counted_by_the_pool()
    {
        using var pool = new SpeechWorkerPool<ISpeechWorkItem>(item => item.Run(), new SpeechWorkerPoolOptions(Workers: 1));
        var work = new SerialSpeechWork(new PoolWorkers(pool), () => throw new InvalidOperationException("engine broke"));
        Assert.That(work.TrySchedule(out var done), Is.True);
        var e = Assert.ThrowsAsync<InvalidOperationException>(async () => await done.AsTask().WaitAsync(Patience));
        Assert.That(e!.Message, Is.EqualTo("engine broke"));
        var deadline = DateTime.UtcNow + Patience;
        while (pool.Stats.Failed == 0 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(5);
        }

        Assert.That(pool.Stats.Failed, Is.EqualTo(1), "telephony_speech_pool_failed_total");
    }
}
