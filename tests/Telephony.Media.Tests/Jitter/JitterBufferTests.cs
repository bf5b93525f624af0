using Telephony.Media.Jitter;

namespace Telephony.Media.Tests.Jitter;

public class JitterBufferTests
{
    private const int Transit = 30;

    private static JitterSimulation Steady(int frames, Func<int, double>? arrival = null, JitterSimulation? sim = null)
    {
        sim ??= new JitterSimulation();
        for (var n = 0; n < frames; n++)
        {
            sim.Send(n, arrival?.Invoke(n) ?? (n * 20) + Transit);
        }

        return sim;
    }

    [Test]
    public void In_order_stream_plays_every_frame_after_the_initial_delay()
    {
        var sim = Steady(20);

        sim.RunUntil(600);

        Assert.Multiple(() =>
        {
            // First packet at 30 ms, initial target 40 ms: playout starts on the 80 ms tick.
            Assert.That(sim.Played.First(p => p.Frame.Status == JitterFrameStatus.Frame).At, Is.EqualTo(80));
            Assert.That(sim.Trace(), Is.EqualTo(string.Join(" ", Enumerable.Range(0, 20))));
            Assert.That(sim.Played.First(p => p.N == 7).Frame, Is.EqualTo(new JitterFrame(JitterFrameStatus.Frame, 160, 7, 1000 + (7 * 160))));
            Assert.That(sim.Buffer.Stats.Stored, Is.EqualTo(20));
            Assert.That(sim.Buffer.Stats.Concealed, Is.Zero);
        });
    }

    [Test]
    public void Reordered_packets_play_in_order()
    {
        // 2 and 10 are held up 25 ms, so 3 and 11 overtake them; the 40 ms initial delay covers it.
        var sim = Steady(20, n => (n * 20) + Transit + (n is 2 or 10 ? 25 : 0));

        sim.RunUntil(600);

        Assert.Multiple(() =>
        {
            Assert.That(sim.Trace(), Is.EqualTo(string.Join(" ", Enumerable.Range(0, 20))));
            Assert.That(sim.Buffer.Stats.Late, Is.Zero);
        });
    }

    [Test]
    public void Duplicates_are_dropped_and_counted_before_and_after_playout()
    {
        var sim = Steady(20);
        sim.Send(5, (5 * 20) + Transit + 1);
        sim.Send(3, 400);

        sim.RunUntil(600);

        Assert.Multiple(() =>
        {
            Assert.That(sim.Trace(), Is.EqualTo(string.Join(" ", Enumerable.Range(0, 20))));
            Assert.That(sim.Buffer.Stats.Duplicates, Is.EqualTo(2));
            Assert.That(sim.PutResults.Count(r => r == JitterPutResult.Duplicate), Is.EqualTo(2));
            Assert.That(sim.Buffer.Stats.Late, Is.Zero, "a second copy of a played frame is a duplicate, not late");
        });
    }

    [Test]
    public void A_lost_packet_leaves_one_missing_slot()
    {
        var sim = new JitterSimulation();
        foreach (var n in Enumerable.Range(0, 20).Except([5]))
        {
            sim.Send(n, (n * 20) + Transit);
        }

        sim.RunUntil(600);

        Assert.Multiple(() =>
        {
            Assert.That(sim.Trace(), Is.EqualTo("0 1 2 3 4 M 6 7 8 9 10 11 12 13 14 15 16 17 18 19"));
            Assert.That(sim.Buffer.Stats.Concealed, Is.EqualTo(1));
        });
    }

    [Test]
    public void A_late_packet_is_dropped_its_slot_concealed_and_the_delay_grows()
    {
        var sim = Steady(40, n => n == 5 ? 300 : (n * 20) + Transit);

        sim.RunUntil(1200);

        var trace = sim.Trace().Replace(" I", "");
        Assert.Multiple(() =>
        {
            Assert.That(trace, Is.EqualTo("0 1 2 3 4 M " + string.Join(" ", Enumerable.Range(6, 34))));
            Assert.That(sim.ResultOf(5), Is.EqualTo(JitterPutResult.Late));
            Assert.That(sim.Buffer.Stats.Late, Is.EqualTo(1));
            Assert.That(sim.Buffer.Stats.TargetDelayMs, Is.GreaterThan(150), "the late packet's 170 ms excess raised the target at once");
            Assert.That(sim.Buffer.Stats.Inserted, Is.GreaterThanOrEqualTo(5), "the buffer deepened to match");
        });
    }

    [Test]
    public void A_sender_that_stalls_and_carries_on_with_its_timestamps_is_followed_after_a_few_late_packets()
    {
        // Packets from 10 on are 150 ms behind (a stalled sender, or the path's delay stepping up),
        // their timestamps contiguous: playout has passed them, they all arrive late.
        var sim = Steady(60, n => (n * 20) + Transit + (n >= 10 ? 150 : 0));

        sim.RunUntil(1800);

        var played = sim.Played.Where(p => p.Frame.Status == JitterFrameStatus.Frame).Select(p => p.N).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(sim.Buffer.Stats.Late, Is.EqualTo(2), "two late packets, the third restarts playout");
            Assert.That(sim.Buffer.Stats.Resyncs, Is.EqualTo(1));
            Assert.That(played, Is.EqualTo(Enumerable.Range(0, 10).Concat(Enumerable.Range(12, 48))), "everything from the restart on plays");
        });
    }

    [Test]
    public void Sequence_and_timestamp_wrap_around_are_seamless()
    {
        var sim = new JitterSimulation { SeqBase = 65530, TsBase = uint.MaxValue - (3 * 160) + 1 };

        // Frame 5 (seq 65535) is held up and arrives after frame 6 (seq 0).
        Steady(14, n => (n * 20) + Transit + (n == 5 ? 25 : 0), sim);
        sim.RunUntil(500);

        Assert.Multiple(() =>
        {
            Assert.That(sim.PlayedSequence, Is.EqualTo(new ushort[] { 65530, 65531, 65532, 65533, 65534, 65535, 0, 1, 2, 3, 4, 5, 6, 7 }));
            Assert.That(sim.Trace(), Is.EqualTo(string.Join(" ", Enumerable.Range(0, 14))));
            Assert.That(sim.Buffer.Stats.Resyncs, Is.Zero);
        });
    }

    [Test]
    public void A_new_ssrc_flushes_and_restarts_the_stream()
    {
        var sim = Steady(10);
        sim.RunUntil(200);
        sim.Ssrc = 0xBEEF;
        sim.SeqBase = 40_000;
        sim.TsBase = 123_456_789;
        for (var n = 10; n < 20; n++)
        {
            sim.Send(n, (n * 20) + Transit);
        }

        sim.RunUntil(700);

        Assert.Multiple(() =>
        {
            Assert.That(sim.ResultOf(10), Is.EqualTo(JitterPutResult.Resynced));
            Assert.That(sim.Buffer.Stats.Resyncs, Is.EqualTo(1));
            Assert.That(sim.PlayedSequence.Where(s => s >= 40_000), Is.EqualTo(Enumerable.Range(40_010, 10).Select(s => (ushort)s)));
        });
    }

    [Test]
    public void A_timestamp_jump_with_continuing_sequence_numbers_resyncs_at_once()
    {
        var sim = Steady(10);
        for (var n = 10; n < 20; n++)
        {
            sim.SendRaw((n * 20) + Transit, (ushort)n, 5_000_000 + (uint)(n * 160), sim.Ssrc, n);
        }

        sim.RunUntil(700);

        Assert.Multiple(() =>
        {
            Assert.That(sim.ResultOf(10), Is.EqualTo(JitterPutResult.Resynced));

            // Frames 8 and 9 were still buffered on the old timeline when 10 arrived.
            Assert.That(sim.PlayedSequence, Is.EqualTo(Enumerable.Range(0, 8).Concat(Enumerable.Range(10, 10)).Select(s => (ushort)s)));
            Assert.That(sim.Buffer.Stats.Discarded, Is.EqualTo(2));
        });
    }

    [Test]
    public void A_stray_packet_cannot_resync_but_two_sequential_ones_do()
    {
        // Frames 0..14, a stray packet from nowhere in the middle, then the sender restarts its
        // numbering (frames 15.. carry sequence 30000.., timestamps from 77 777 777).
        var sim = Steady(15);
        sim.SendRaw(101, 20_000, 99_999_999, sim.Ssrc, 100);
        for (var n = 15; n < 30; n++)
        {
            sim.SendRaw(((n + 5) * 20) + Transit, (ushort)(30_000 + n - 15), 77_777_777 + (uint)((n - 15) * 160), sim.Ssrc, n);
        }

        sim.RunUntil(1000);

        Assert.Multiple(() =>
        {
            Assert.That(sim.ResultOf(100), Is.EqualTo(JitterPutResult.Discarded), "the stray");
            Assert.That(sim.ResultOf(15), Is.EqualTo(JitterPutResult.Discarded), "the first packet after the restart waits for confirmation");
            Assert.That(sim.ResultOf(16), Is.EqualTo(JitterPutResult.Resynced));
            Assert.That(sim.PlayedSequence.Where(s => s < 1000), Is.EqualTo(Enumerable.Range(0, 15).Select(s => (ushort)s)), "the stray did not disturb the stream");
            Assert.That(sim.PlayedSequence.Where(s => s >= 30_000), Is.EqualTo(Enumerable.Range(30_001, 14).Select(s => (ushort)s)));
        });
    }

    [Test]
    public void A_sender_pause_is_silence_not_loss()
    {
        var sim = new JitterSimulation();

        // Silence suppression: 300 ms without packets; timestamps jump, sequence numbers do not.
        for (var n = 0; n < 20; n++)
        {
            var gap = n >= 10 ? 15 : 0;
            sim.SendRaw(((n + gap) * 20) + Transit, (ushort)n, 1000 + (uint)((n + gap) * 160), sim.Ssrc, n);
        }

        sim.RunUntil(1000);

        var pause = sim.Played.SkipWhile(p => p.N != 9).Skip(1).TakeWhile(p => p.N != 10).Select(p => p.Frame.Status).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(sim.PlayedSequence, Is.EqualTo(Enumerable.Range(0, 20).Select(s => (ushort)s)));
            Assert.That(pause, Has.Count.EqualTo(15), "frame 10 plays when its timestamp says");
            Assert.That(pause.Count(s => s == JitterFrameStatus.Missing), Is.LessThanOrEqualTo(2), "concealed only until it is clearly a pause");
            Assert.That(sim.Buffer.Stats.Resyncs, Is.Zero);
        });
    }

    [Test]
    public void Oversized_payloads_are_discarded()
    {
        var buffer = new JitterBuffer(new JitterBufferOptions { MaxPayloadBytes = 160 });

        Assert.That(buffer.Put(new byte[161], 1, 160, 1, TimeSpan.Zero), Is.EqualTo(JitterPutResult.Discarded));
        Assert.That(buffer.Stats.Discarded, Is.EqualTo(1));
    }

    [Test]
    public void Get_before_any_packet_is_silence()
    {
        var buffer = new JitterBuffer();

        Assert.That(buffer.Get(TimeSpan.FromSeconds(1), new byte[320]), Is.EqualTo(JitterFrame.Silence));
    }

    [Test]
    public void A_stalled_playout_clock_skips_the_slots_it_missed()
    {
        var sim = Steady(40);
        sim.RunUntil(200);
        sim.StallUntil(300);
        sim.RunUntil(320);
        var frame = sim.Played[^1].Frame;

        Assert.Multiple(() =>
        {
            // Playout began with frame 0 at 80 ms. Ticks 200..280 never happened: frames 6..10
            // are skipped, frame 11 is due at 300.
            Assert.That(sim.Buffer.Stats.ClockSkips, Is.EqualTo(5));
            Assert.That(frame.SequenceNumber, Is.EqualTo(11));
        });
    }

    [Test]
    public void A_sender_far_ahead_of_playout_overflows_the_oldest_frames()
    {
        var sim = new JitterSimulation();
        for (var n = 0; n < 100; n++)
        {
            sim.Send(n, 10);
        }

        sim.RunUntil(200);

        Assert.Multiple(() =>
        {
            Assert.That(sim.Buffer.Stats.Discarded, Is.EqualTo(36), "a 64-frame ring keeps the newest 64");
            Assert.That(sim.Buffer.Stats.Late, Is.Zero);

            // The newest frame arrived 1.3 s ahead of its playout: playout jumps to the target at once.
            Assert.That(sim.Buffer.Stats.Dropped, Is.GreaterThan(50));
            Assert.That(sim.Buffer.Stats.CurrentDelayMs, Is.LessThan(100));
            Assert.That(sim.PlayedSequence, Is.Ordered);
        });
    }

    [Test]
    public void Destination_smaller_than_the_frame_is_a_caller_bug()
    {
        var buffer = new JitterBuffer();
        buffer.Put(new byte[160], 1, 160, 1, TimeSpan.Zero);

        Assert.That(() => buffer.Get(TimeSpan.FromMilliseconds(40), new byte[100]), Throws.ArgumentException);
    }

    [Test]
    public void Invalid_options_are_rejected()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new JitterBuffer(new JitterBufferOptions { Capacity = 48 }), Throws.ArgumentException);
            Assert.That(() => new JitterBuffer(new JitterBufferOptions { Capacity = 8 }), Throws.ArgumentException, "8 × 20 ms cannot cover 2 × 200 ms");
            Assert.That(() => new JitterBuffer(new JitterBufferOptions { FrameMs = 0 }), Throws.ArgumentException);
            Assert.That(() => new JitterBuffer(new JitterBufferOptions { MinDelayMs = 300 }), Throws.ArgumentException);
        });
    }

    [Test]
    public void Put_and_get_allocate_nothing()
    {
        var buffer = new JitterBuffer();
        var payload = new byte[160];
        var output = new byte[320];
        void Cycle(int n)
        {
            // Pairs swap, every tenth is lost, every seventh duplicated.
            var seq = n % 2 == 0 ? n + 1 : n - 1;
            if (seq % 10 != 3)
            {
                buffer.Put(payload, (ushort)seq, (uint)(seq * 160), 7, TimeSpan.FromMilliseconds((n * 20) + 30));
            }

            if (n % 7 == 0)
            {
                buffer.Put(payload, (ushort)seq, (uint)(seq * 160), 7, TimeSpan.FromMilliseconds((n * 20) + 31));
            }

            buffer.Get(TimeSpan.FromMilliseconds(n * 20), output);
        }

        for (var n = 0; n < 1000; n++)
        {
            Cycle(n);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var n = 1000; n < 11_000; n++)
        {
            Cycle(n);
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }
}
