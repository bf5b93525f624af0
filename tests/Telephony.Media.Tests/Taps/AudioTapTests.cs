using System.Diagnostics;
using System.Net;
using Telephony.Media.Clock;
using Telephony.Media.Codecs;
using Telephony.Media.Rtp;
using Telephony.Media.Taps;
using Telephony.Media.Tests.Bridge;
using Telephony.Media.Tests.InBand;

namespace Telephony.Media.Tests.Taps;

/// <summary>Audio taps on a real session on loopback: the caller's audio after the jitter buffer, and what we send.</summary>
[NonParallelizable]
public class AudioTapTests
{
    private MediaClock _clock = null!;
    private RtpPeer _caller = null!;

    [SetUp]
    public void SetUp()
    {
        _clock = new MediaClock();
        _caller = new RtpPeer();
    }

    [TearDown]
    public void TearDown()
    {
        _caller.Dispose();
        _clock.Dispose();
    }

    /// <summary>RFC 4733 and no recording: nothing but a tap ever listens to the caller's audio.</summary>
    private RtpSession Session() => new(new RtpSessionOptions
    {
        LocalAddress = IPAddress.Loopback,
        RemoteEndPoint = _caller.EndPoint,
        Encoding = AudioEncoding.Pcmu,
        PayloadType = 0,
        TelephoneEventPayloadType = 101,
    }, _clock);

    private static byte[] SinePcmu(double hz, int samples, double amplitude = 8000)
    {
        var pcm = Enumerable.Range(0, samples).Select(i => (short)(amplitude * Math.Sin(2 * Math.PI * hz * i / 8000))).ToArray();
        var encoded = new byte[samples];
        G711.Encode(AudioEncoding.Pcmu, pcm, encoded);
        return encoded;
    }

    /// <summary>
    /// Paces on a thread of its own: a blocked thread-pool thread on a 2-core machine starves the
    /// sockets' receive loops until the pool grows (half a second), which the jitter buffer sees as a stall.
    /// </summary>
    private Task SendPacedAsync(RtpSession to, byte[] audio, ushort firstSequence, uint firstTimestamp)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        new Thread(() =>
        {
            SendPaced(to, audio, firstSequence, firstTimestamp);
            done.SetResult();
        }) { IsBackground = true, Name = "paced-caller" }.Start();
        return done.Task;
    }

    /// <summary>Sends 20 ms packets at the pace a phone does (absolute deadlines), as the jitter buffer expects.</summary>
    private void SendPaced(RtpSession to, byte[] audio, ushort firstSequence, uint firstTimestamp)
    {
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i * 160 < audio.Length; i++)
        {
            var wait = TimeSpan.FromMilliseconds(20 * i) - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.Zero)
            {
                Thread.Sleep(wait);
            }

            _caller.Send(to, 0, (ushort)(firstSequence + i), firstTimestamp + (uint)(i * 160), audio.AsSpan(i * 160, 160), marker: i == 0);
        }
    }

    private static async Task<List<(short[] Frame, TapFrameInfo Info)>> ReadAsync(AudioTap tap, int frames)
    {
        var result = new List<(short[], TapFrameInfo)>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (result.Count < frames)
        {
            try
            {
                if (!await tap.WaitToReadAsync(timeout.Token))
                {
                    break;
                }
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"timed out after {result.Count} of {frames} frames; delivered {tap.Delivered}, dropped {tap.Dropped}");
            }

            var frame = new short[tap.FrameSamples];
            while (result.Count < frames && tap.TryRead(frame, out var info))
            {
                result.Add((frame, info));
                frame = new short[tap.FrameSamples];
            }
        }

        return result;
    }

    /// <summary>
    /// 20 ms apart on the caller's timestamps; a frame the jitter buffer inserted (flagged concealed)
    /// has no place on the caller's timeline, so the frame after it carries the same timestamp.
    /// </summary>
    private static bool StampedOnTheCallersClock(List<(short[] Frame, TapFrameInfo Info)> frames) =>
        frames.Zip(frames.Skip(1)).All(p => p.Second.Info.Timestamp - p.First.Info.Timestamp == 160
            || (p.First.Info.Concealed && p.Second.Info.Timestamp == p.First.Info.Timestamp));

    private static void AssertTone(List<(short[] Frame, TapFrameInfo Info)> frames, int rate, double hz, double expectedMeanSquare)
    {
        var heard = frames.Where(f => !f.Info.Concealed).Skip(3).SkipLast(1).SelectMany(f => f.Frame).ToArray();
        var total = Dft.MeanSquare(heard);
        Assert.Multiple(() =>
        {
            Assert.That(heard, Has.Length.GreaterThan(10 * rate / 50), "at least ten frames of the caller's audio");
            Assert.That(Dft.Power(heard, hz, rate) / total, Is.GreaterThan(0.9), $"a {hz} Hz tone at {rate} Hz");
            Assert.That(10 * Math.Log10(total / expectedMeanSquare), Is.InRange(-1.5, 1.5), "at the level the caller sent");
        });
    }

    [Test]
    public async Task A_subscriber_gets_20_ms_frames_of_the_callers_audio_at_8_and_16_kHz()
    {
        await using var session = Session();
        session.Start();
        using var narrow = session.Subscribe(TapDirection.Received, 8000, capacityFrames: 100);
        using var wide = session.Subscribe(TapDirection.Received, 16000, capacityFrames: 100);
        var reading8 = ReadAsync(narrow, 35);
        var reading16 = ReadAsync(wide, 35);
        await SendPacedAsync(session, SinePcmu(1000, 8000), 100, 10_000);

        var frames8 = await reading8;
        var frames16 = await reading16;
        var expected = 8000.0 * 8000 / 2;
        AssertTone(frames8, 8000, 1000, expected);
        AssertTone(frames16, 16000, 1000, expected);
        Assert.Multiple(() =>
        {
            Assert.That(narrow.FrameSamples, Is.EqualTo(160));
            Assert.That(wide.FrameSamples, Is.EqualTo(320));
            Assert.That(frames8.Select(f => f.Info.Sequence), Is.EqualTo(Enumerable.Range(0, 35).Select(i => (long)i)));
            Assert.That(StampedOnTheCallersClock(frames8), Is.True, "frames stamped on the caller's RTP clock, 20 ms apart");
            Assert.That(StampedOnTheCallersClock(frames16), Is.True);
            Assert.That((int)(frames8[0].Info.Timestamp - 10_000), Is.InRange(0, 8000), "the caller's own timestamps");
            Assert.That(narrow.Dropped, Is.Zero);
        });
    }

    [Test]
    public async Task A_slow_subscriber_loses_frames_and_they_are_counted_while_others_and_the_clock_are_unaffected()
    {
        await using var session = Session();
        session.Start();
        var droppedBefore = AudioTaps.TotalDropped;
        using var slow = session.Subscribe(TapDirection.Received, 8000, capacityFrames: 3);
        using var fast = session.Subscribe(TapDirection.Received, 8000);
        var reading = ReadAsync(fast, 30);
        var sentBefore = session.Stats.PacketsSent;
        await SendPacedAsync(session, SinePcmu(600, 8000), 500, 77_000);

        var frames = await reading;
        Assert.Multiple(() =>
        {
            Assert.That(slow.Delivered, Is.EqualTo(3), "the ring filled");
            Assert.That(slow.Dropped, Is.GreaterThanOrEqualTo(27), "then every frame was dropped and counted");
            Assert.That(AudioTaps.TotalDropped - droppedBefore, Is.GreaterThanOrEqualTo(slow.Dropped), "and counted process-wide");
            Assert.That(fast.Dropped, Is.Zero, "the subscriber that reads loses nothing");
            Assert.That(frames.Select(f => f.Info.Sequence), Is.EqualTo(Enumerable.Range(0, 30).Select(i => (long)i)));
            Assert.That(_clock.Stats().ListenerErrors, Is.Zero);
            Assert.That(session.Stats.PacketsSent - sentBefore, Is.GreaterThanOrEqualTo(35), "our stream kept going");
        });

        var frame = new short[160];
        Assert.Multiple(() =>
        {
            Assert.That(slow.TryRead(frame, out var first), Is.True);
            Assert.That(first.Sequence, Is.Zero, "the slow ring kept the oldest frames");
        });
    }

    [Test]
    public async Task Nobody_listening_builds_no_jitter_buffer_and_a_tap_attached_later_is_a_listener()
    {
        await using var session = Session();
        session.Start();
        await SendPacedAsync(session, SinePcmu(1000, 160 * 10), 1, 1000);
        var deadline = Environment.TickCount64 + 10000;
        while (session.Stats.PacketsReceived < 10 && Environment.TickCount64 < deadline)
        {
            await Task.Delay(10);
        }

        Assert.That(session.CallerJitterStats, Is.Null, "no listener, no buffer");

        using var tap = session.Subscribe(TapDirection.Received, 16000);
        var reading = ReadAsync(tap, 10);
        await SendPacedAsync(session, SinePcmu(1000, 160 * 20), 11, 1000 + (160 * 10));
        var frames = await reading;
        Assert.Multiple(() =>
        {
            Assert.That(session.CallerJitterStats, Is.Not.Null, "built for the tap");
            Assert.That(frames, Has.Count.EqualTo(10));
        });

        tap.Dispose();
        Assert.That(await tap.WaitToReadAsync(), Is.EqualTo(tap.Count > 0), "a disposed tap ends once it is read");
    }

    [Test]
    public async Task A_sent_tap_hears_our_playout()
    {
        await using var session = Session();
        using var tap = session.Subscribe(TapDirection.Sent, 8000, capacityFrames: 200);
        session.Start();
        var pcm = Enumerable.Range(0, 8000).Select(i => (short)(6000 * Math.Sin(2 * Math.PI * 440 * i / 8000))).ToArray();
        var playing = session.PlayAsync(EncodedAudio.FromPcm(pcm, AudioEncoding.Pcmu));
        Assert.That(await playing.WaitAsync(TimeSpan.FromSeconds(10)), Is.EqualTo(PlaybackResult.Completed));

        var frames = new List<short[]>();
        var frame = new short[160];
        while (tap.TryRead(frame, out _))
        {
            frames.Add([.. frame]);
        }

        var tone = frames.Where(f => Dft.MeanSquare(f) > 1e5).SelectMany(f => f).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(tone.Length, Is.InRange(7000, 8200), "the second of prompt, in 20 ms frames");
            Assert.That(Dft.Power(tone, 440) / Dft.MeanSquare(tone), Is.GreaterThan(0.9));
        });
    }

    [Test]
    public async Task Taps_end_with_the_session_and_bad_requests_are_refused()
    {
        var session = Session();
        var tap = session.Subscribe(TapDirection.Received, 8000);
        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => session.Subscribe(TapDirection.Received, 44100));
            Assert.Throws<ArgumentOutOfRangeException>(() => session.Subscribe(TapDirection.Sent, 8000, 0));
        });

        var waiting = tap.WaitToReadAsync().AsTask();
        await session.DisposeAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(await waiting.WaitAsync(TimeSpan.FromSeconds(5)), Is.False);
            Assert.Throws<ObjectDisposedException>(() => session.Subscribe(TapDirection.Received, 8000));
        });
        tap.Dispose();
    }
}
