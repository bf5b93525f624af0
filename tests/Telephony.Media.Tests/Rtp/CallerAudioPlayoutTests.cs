using System.Buffers.Binary;
using System.Diagnostics;
using Telephony.Media.Codecs;
using Telephony.Media.ComfortNoise;
using Telephony.Media.Jitter;
using Telephony.Media.Recording;
using Telephony.Media.Rtp;

namespace Telephony.Media.Tests.Rtp;

/// <summary>
/// The caller's audio through the jitter buffer into the recording, on a synthetic clock: every
/// arrival and tick is placed exactly, so each frame's place in the recording can be checked.
/// </summary>
public class CallerAudioPlayoutTests
{
    private const uint Ssrc = 0x1234;
    private string _folder = null!;
    private long _zero;

    [SetUp]
    public void SetUp()
    {
        _folder = Directory.CreateTempSubdirectory("playout-").FullName;
        _zero = Stopwatch.GetTimestamp() + Stopwatch.Frequency; // after the playout's own origin
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    private long At(double ms) => _zero + (long)(ms * Stopwatch.Frequency / 1000);

    /// <summary>Packet k is 20 ms of one loud μ-law code, different for every k, so its frame can be found in the recording.</summary>
    internal static byte Code(int k) => (byte)(0x90 + k);

    internal static short Level(int k) => G711.MuLawToLinear(Code(k));

    private static byte[] Payload(int k) => Enumerable.Repeat(Code(k), 160).ToArray();

    /// <summary>Runs arrivals (packet index, ms) and 20 ms ticks in time order; returns the recording's left channel.</summary>
    private async Task<short[]> Play(CallerAudioPlayout playout, IEnumerable<(int Packet, double Ms, uint Ssrc, ushort SeqBase, uint TsBase)> arrivals, double untilMs)
    {
        var recorder = new CallRecorder(Path.Combine(_folder, "call.wav"));
        playout.Timeline.OnOurPosition(0, At(0));
        var queue = new Queue<(int Packet, double Ms, uint Ssrc, ushort SeqBase, uint TsBase)>(arrivals.OrderBy(a => a.Ms));
        for (double tick = 20; tick <= untilMs; tick += 20)
        {
            while (queue.Count > 0 && queue.Peek().Ms < tick)
            {
                var a = queue.Dequeue();
                playout.Put((ushort)(a.SeqBase + a.Packet), a.TsBase + (uint)(160 * a.Packet), a.Ssrc, Payload(a.Packet), At(a.Ms));
            }

            playout.OnTick(At(tick), recorder);
        }

        var path = await recorder.FinishAsync();
        var bytes = await File.ReadAllBytesAsync(path!);
        var left = new short[(bytes.Length - 44) / 4];
        for (var i = 0; i < left.Length; i++)
        {
            left[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(44 + (4 * i)));
        }

        return left;
    }

    private static short Mid(short[] left, long frameStart) => frameStart + 80 < left.Length ? left[frameStart + 80] : (short)0;

    [Test]
    public async Task Reordered_lost_and_duplicated_packets_come_out_in_order_with_the_loss_concealed()
    {
        var playout = new CallerAudioPlayout(AudioEncoding.Pcmu, 20, inBand: null, new CallerTimeline());
        var arrivals = new List<(int, double, uint, ushort, uint)>();
        for (var k = 0; k < 40; k++)
        {
            var ms = 5 + (20.0 * k);
            switch (k)
            {
                case 10:
                    ms += 26; // after packet 11
                    break;
                case 20:
                    continue; // lost
            }

            arrivals.Add((k, ms, Ssrc, 1000, 50_000));
            if (k == 30)
            {
                arrivals.Add((k, ms + 2, Ssrc, 1000, 50_000)); // the network duplicated it
            }
        }

        var left = await Play(playout, arrivals, untilMs: 1000);

        // Packet 0 arrived 5 ms after our stream's sample 0: 40 samples in.
        Assert.Multiple(() =>
        {
            for (var k = 0; k < 40; k++)
            {
                var expected = k == 20 ? Level(19) : Level(k); // the lost frame: the one before, repeated once
                Assert.That(Mid(left, 40 + (160 * k)), Is.EqualTo(expected), $"frame {k}");
            }

            var stats = playout.Stats;
            Assert.That(stats.Duplicates, Is.EqualTo(1));
            Assert.That(stats.Concealed, Is.EqualTo(1));
            Assert.That(stats.Late, Is.Zero);
            Assert.That(stats.Played, Is.EqualTo(39));
        });
    }

    [Test]
    public async Task Two_losses_in_a_row_repeat_the_last_frame_once_then_go_silent()
    {
        var playout = new CallerAudioPlayout(AudioEncoding.Pcmu, 20, inBand: null, new CallerTimeline());
        var arrivals = Enumerable.Range(0, 20).Where(k => k is not (8 or 9)).Select(k => (k, 5 + (20.0 * k), Ssrc, (ushort)7, 0u));
        var left = await Play(playout, arrivals, untilMs: 600);
        Assert.Multiple(() =>
        {
            Assert.That(Mid(left, 40 + (160 * 8)), Is.EqualTo(Level(7)));
            Assert.That(Mid(left, 40 + (160 * 9)), Is.Zero);
            Assert.That(Mid(left, 40 + (160 * 10)), Is.EqualTo(Level(10)));
        });
    }

    [Test]
    public async Task A_packet_held_up_on_arrival_does_not_shift_the_recording()
    {
        // The first two packets wait 60 ms (a slow first pass through the receive path) and come together
        // with the third: the third's transit sets the anchor, as for every packet after it.
        var playout = new CallerAudioPlayout(AudioEncoding.Pcmu, 20, inBand: null, new CallerTimeline());
        var arrivals = Enumerable.Range(0, 20).Select(k => (k, k < 2 ? 45.0 + k : 5 + (20.0 * k), Ssrc, (ushort)0, 0u));
        var left = await Play(playout, arrivals, untilMs: 600);
        Assert.That(Mid(left, 40 + (160 * 5)), Is.EqualTo(Level(5)));
    }

    [Test]
    public async Task Packets_longer_than_the_sdp_said_are_followed()
    {
        // The SDP said 20 ms; the caller sends 30 ms packets (240 samples), as some gateways do.
        var playout = new CallerAudioPlayout(AudioEncoding.Pcmu, 20, inBand: null, new CallerTimeline());
        var recorder = new CallRecorder(Path.Combine(_folder, "call.wav"));
        playout.Timeline.OnOurPosition(0, At(0));
        var next = 0;
        for (double tick = 20; tick <= 1200; tick += 20)
        {
            while (next < 30 && 5 + (30.0 * next) < tick)
            {
                playout.Put((ushort)next, (uint)(240 * next), Ssrc, Enumerable.Repeat(Code(next), 240).ToArray(), At(5 + (30.0 * next)));
                next++;
            }

            playout.OnTick(At(tick), recorder);
        }

        await recorder.FinishAsync();
        var stats = playout.Stats;
        Assert.Multiple(() =>
        {
            // The first three packets taught it the packet time (too long for the 20 ms buffer, they
            // were discarded); the rest all played from the buffer built for 30 ms.
            Assert.That(stats.Played, Is.EqualTo(27));
            Assert.That(stats.Discarded, Is.EqualTo(3));
            Assert.That(stats.Resyncs, Is.EqualTo(1), "the rebuild");
            Assert.That(stats.Concealed, Is.Zero);
            Assert.That(stats.Dropped, Is.Zero);
        });
    }

    [Test]
    public void Put_and_tick_allocate_nothing_with_the_detector_running()
    {
        var inBand = new Telephony.Media.Dtmf.InBand.GoertzelDtmfDetector();
        var playout = new CallerAudioPlayout(AudioEncoding.Pcmu, 20, inBand, new CallerTimeline());
        playout.Timeline.OnOurPosition(0, At(0));
        var payload = Payload(3);
        void Cycle(int n)
        {
            // Pairs swap, every tenth is lost.
            var seq = n % 2 == 0 ? n + 1 : n - 1;
            if (seq % 10 != 3)
            {
                playout.Put((ushort)seq, (uint)(seq * 160), Ssrc, payload, At((n * 20) + 5));
            }

            playout.OnTick(At((n * 20) + 10), recorder: null);
        }

        for (var n = 0; n < 1000; n++)
        {
            Cycle(n);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var n = 1000; n < 6000; n++)
        {
            Cycle(n);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Multiple(() =>
        {
            Assert.That(allocated, Is.Zero);
            Assert.That(playout.Stats.Played, Is.GreaterThan(5000), "the frames did play");
        });
    }

    [Test]
    public async Task Comfort_noise_fills_the_silence_at_its_level_until_speech_resumes()
    {
        // Ten speech frames, a CN packet (level −40 dBov) where the phone stopped sending, and speech
        // again 25 frames later: the sequence number goes on by one, the timestamp by the pause.
        var playout = new CallerAudioPlayout(AudioEncoding.Pcmu, 20, inBand: null, new CallerTimeline());
        var recorder = new CallRecorder(Path.Combine(_folder, "call.wav"));
        playout.Timeline.OnOurPosition(0, At(0));
        var packets = Enumerable.Range(0, 10).Select(k => (Ms: 5 + (20.0 * k), Seq: k, Ts: 160 * k, Payload: Payload(k), Noise: false)).ToList();
        packets.Add((205, 10, 1600, [40], true));
        packets.AddRange(Enumerable.Range(11, 5).Select(k => (705 + (20.0 * (k - 11)), k, 5600 + (160 * (k - 11)), Payload(k), false)));
        var next = 0;
        for (double tick = 20; tick <= 1000; tick += 20)
        {
            for (; next < packets.Count && packets[next].Ms < tick; next++)
            {
                var p = packets[next];
                playout.Put((ushort)p.Seq, (uint)p.Ts, Ssrc, p.Payload, At(p.Ms), comfortNoise: p.Noise);
            }

            playout.OnTick(At(tick), recorder);
        }

        var bytes = await File.ReadAllBytesAsync((await recorder.FinishAsync())!);
        double Rms(int from, int to) => Math.Sqrt(Enumerable.Range(from, to - from)
            .Select(i => (double)BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(44 + (4 * i)))).Average(v => v * v));
        short Left(int i) => BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(44 + (4 * i)));
        Assert.Multiple(() =>
        {
            Assert.That(Left(40 + (160 * 9) + 80), Is.EqualTo(Level(9)), "speech before");
            Assert.That(Rms(40 + 1600, 40 + 5600), Is.EqualTo(ComfortNoiseGenerator.Rms(40)).Within(10).Percent, "noise at −40 dBov through the pause");
            Assert.That(Left(40 + 5600 + 80), Is.EqualTo(Level(11)), "speech after, where its timestamp puts it");
            Assert.That(Left(40 + 5600 + 160 + 80), Is.EqualTo(Level(12)), "speech, not noise, once it resumed");
        });
    }

    [Test]
    public async Task A_new_ssrc_gets_a_fresh_buffer_while_the_old_streams_last_frames_play_out()
    {
        // 20 frames of one source, then the same socket carries another SSRC with unrelated numbers.
        var playout = new CallerAudioPlayout(AudioEncoding.Pcmu, 20, inBand: null, new CallerTimeline());
        var arrivals = Enumerable.Range(0, 40).Select(k => k < 20
            ? (k, 5 + (20.0 * k), 0xAAAAu, (ushort)100, 1000u)
            : (k, 5 + (20.0 * k), 0xBBBBu, (ushort)40_000, 3_000_000_000u));

        var left = await Play(playout, arrivals, untilMs: 1100);

        var stats = playout.Stats;
        Assert.Multiple(() =>
        {
            // Both streams arrive on time: the second is placed where it arrived, right after the first.
            for (var k = 0; k < 40; k++)
            {
                Assert.That(Mid(left, 40 + (160 * k)), Is.EqualTo(Level(k)), $"frame {k}");
            }

            Assert.That(stats.Played, Is.EqualTo(40), "the old stream's buffered frames were not flushed");
            Assert.That(stats.Resyncs, Is.EqualTo(1));
            Assert.That(stats.Discarded + stats.Late + stats.Concealed, Is.Zero);
        });
    }

    [Test]
    public async Task A_stalled_sender_stays_placed_by_its_timestamps()
    {
        // From packet 10 on everything is 150 ms behind, timestamps contiguous: the buffer restarts
        // playout after a few late packets, but the caller's audio is still one stream.
        var playout = new CallerAudioPlayout(AudioEncoding.Pcmu, 20, inBand: null, new CallerTimeline());
        var arrivals = Enumerable.Range(0, 40).Select(k => (k, 5 + (20.0 * k) + (k >= 10 ? 150 : 0), Ssrc, (ushort)0, 0u));

        var left = await Play(playout, arrivals, untilMs: 1200);

        Assert.Multiple(() =>
        {
            Assert.That(playout.Stats.Resyncs, Is.EqualTo(1), "the buffer restarted");
            for (var k = 0; k < 40; k++)
            {
                if (k is not (10 or 11))
                {
                    Assert.That(Mid(left, 40 + (160 * k)), Is.EqualTo(Level(k)), $"frame {k}, where its timestamp puts it");
                }
            }
        });
    }

    [Test]
    public async Task A_sender_that_restarts_its_clock_is_placed_where_it_arrives()
    {
        // Same SSRC and sequence, but from packet 20 on the timestamps start again near zero (a
        // phone whose clock restarted): by the old anchor they would land 400 ms early, over audio
        // already recorded.
        var playout = new CallerAudioPlayout(AudioEncoding.Pcmu, 20, inBand: null, new CallerTimeline());
        var arrivals = Enumerable.Range(0, 40).Select(k => k < 20
            ? (k, 5 + (20.0 * k), Ssrc, (ushort)0, 100_000u)
            : (k, 5 + (20.0 * k), Ssrc, (ushort)0, unchecked(0u - (160 * 20))));

        var left = await Play(playout, arrivals, untilMs: 1100);

        Assert.Multiple(() =>
        {
            // The buffer drops the old clock's last two frames, still waiting when the jump came (JitterBuffer's own rule).
            foreach (var k in Enumerable.Range(0, 40).Except([18, 19]))
            {
                Assert.That(Mid(left, 40 + (160 * k)), Is.EqualTo(Level(k)), $"frame {k}");
            }
        });
    }

    [Test]
    public void A_stall_in_the_middle_of_a_key_press_is_not_a_second_key_press()
    {
        // 400 ms of the tone for 5; from its 8th packet on the sender is 150 ms behind: late packets,
        // a restarted buffer and a gap in the stream, but the caller never let go of the key.
        var pcm = new short[8 * 400];
        new Telephony.Media.Tones.ToneGenerator(Telephony.Media.Tones.ToneSpec.Dtmf('5', 400)).Read(pcm);
        var tone = EncodedAudio.FromPcm(pcm, AudioEncoding.Pcmu).Data;
        var silence = Enumerable.Repeat((byte)0xFF, 160).ToArray();
        var inBand = new Telephony.Media.Dtmf.InBand.GoertzelDtmfDetector();
        var digits = new List<char>();
        inBand.DigitStarted += d => digits.Add(d.Digit);
        var playout = new CallerAudioPlayout(AudioEncoding.Pcmu, 20, inBand, new CallerTimeline());
        playout.Timeline.OnOurPosition(0, At(0));
        var next = 0;
        for (double tick = 20; tick <= 1200; tick += 20)
        {
            for (; next < 40 && 5 + (20.0 * next) + (next >= 8 ? 150 : 0) < tick; next++)
            {
                var payload = next < 20 ? tone.AsSpan(160 * next, 160) : silence;
                playout.Put((ushort)next, (uint)(160 * next), Ssrc, payload, At(5 + (20.0 * next) + (next >= 8 ? 150 : 0)));
            }

            playout.OnTick(At(tick), recorder: null);
        }

        Assert.Multiple(() =>
        {
            Assert.That(playout.Stats.Resyncs, Is.EqualTo(1), "the stall did restart the buffer");
            Assert.That(new string([.. digits]), Is.EqualTo("5"));
        });
    }

    [Test]
    public async Task A_stalled_clock_is_caught_up_not_skipped()
    {
        // No tick from 300 to 460 ms (a GC pause, a starved clock thread): the frames due meanwhile
        // are played on the next tick, none skipped.
        var playout = new CallerAudioPlayout(AudioEncoding.Pcmu, 20, inBand: null, new CallerTimeline());
        var recorder = new CallRecorder(Path.Combine(_folder, "call.wav"));
        playout.Timeline.OnOurPosition(0, At(0));
        var next = 0;
        for (double tick = 20; tick <= 1000; tick += 20)
        {
            for (; next < 40 && 5 + (20.0 * next) < tick; next++)
            {
                playout.Put((ushort)next, (uint)(160 * next), Ssrc, Payload(next), At(5 + (20.0 * next)));
            }

            if (tick is < 300 or > 460)
            {
                playout.OnTick(At(tick), recorder);
            }
        }

        await recorder.FinishAsync();
        var stats = playout.Stats;
        Assert.Multiple(() =>
        {
            Assert.That(stats.Played, Is.EqualTo(40));
            Assert.That(stats.ClockSkips + stats.Concealed + stats.Late, Is.Zero);
        });
    }
}
