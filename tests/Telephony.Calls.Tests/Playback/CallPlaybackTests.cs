using Telephony.Calls.Playback;
using Telephony.Media.Codecs;
using Telephony.Media.Dtmf.InBand;
using Telephony.Media.Tones;

namespace Telephony.Calls.Tests.Playback;

/// <summary>What a flow asks of a call through <see cref="ICall"/>, heard on the caller's RTP socket.</summary>
[NonParallelizable]
public class CallPlaybackTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp()
    {
        Directory.CreateDirectory(_dir = Path.Combine(Path.GetTempPath(), "call-playback-" + Guid.NewGuid().ToString("N")));
        TestAudio.WriteTone(Path.Combine(_dir, "hello.wav"), 1000, 44100, 2, 24, false, 0.3);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, true);

    /// <summary>Packets until <paramref name="until"/> says stop (or the socket times out); payloads decoded from μ-law.</summary>
    private static List<(Media.Rtp.RtpHeader Header, byte[] Payload)> Collect(InProcessCall call, Func<List<(Media.Rtp.RtpHeader Header, byte[] Payload)>, bool> until)
    {
        var packets = new List<(Media.Rtp.RtpHeader, byte[])>();
        while (!until(packets))
        {
            packets.Add(call.ReceiveRtp());
        }

        return packets;
    }

    private static short[] Pcm(IEnumerable<(Media.Rtp.RtpHeader Header, byte[] Payload)> packets)
    {
        var codes = packets.Where(p => p.Header.PayloadType == 0).SelectMany(p => p.Payload).ToArray();
        var pcm = new short[codes.Length];
        G711.Decode(AudioEncoding.Pcmu, codes, pcm);
        return pcm;
    }

    [Test]
    public async Task A_play_list_mixes_tones_silence_and_prompts_then_digits_go_out_as_rfc4733()
    {
        var results = new TaskCompletionSource<PlayListResult>();
        await using var call = new InProcessCall(_dir, async c =>
        {
            await c.AnswerAsync();
            results.SetResult(await c.PlayListAsync(
            [
                PlayListItem.Of(CallTone.Busy, TimeSpan.FromSeconds(1)),
                PlayListItem.Silence(TimeSpan.FromMilliseconds(200)),
                PlayListItem.Prompt("no-such-prompt"),
                PlayListItem.Prompt("hello"),
            ]));
            await c.SendDigitsAsync("7#", TimeSpan.FromMilliseconds(60));
            await Task.Delay(Timeout.Infinite, c.Ended);
        }, TonePlan.NorthAmerica);
        await call.AckAsync();

        // Skip the silence sent before the flow's first play, then take the list and the two keys.
        var packets = Collect(call, p => p.Count(x => x.Header.PayloadType == 101 && (x.Payload[1] & 0x80) != 0) == 6);
        var start = packets.FindIndex(p => p.Payload.Any(b => b != 0xFF));
        var audio = Pcm(packets.Skip(start));
        var list = await results.Task.WaitAsync(TimeSpan.FromSeconds(5));
        var events = packets.Where(p => p.Header.PayloadType == 101).ToList();
        await call.ByeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(TestAudio.Cadence(audio).Take(3), Is.EqualTo(new[] { 500, 500 + 200, 300 }), "busy on, off + silence, the prompt");
            Assert.That(TestAudio.LevelDb(audio.AsSpan(800, 2400), 480, 8000), Is.EqualTo(-27.1).Within(1.5), "North American busy: 480 Hz at −24 dBm0");
            Assert.That(TestAudio.LevelDb(audio.AsSpan(800, 2400), 620, 8000), Is.EqualTo(-27.1).Within(1.5), "and 620 Hz");
            Assert.That(TestAudio.LevelDb(audio.AsSpan(800, 2400), 425, 8000), Is.LessThan(-50), "not the European 425 Hz");
            Assert.That(TestAudio.LevelDb(audio.AsSpan(8 * 1250, 8 * 200), 1000, 8000), Is.EqualTo(-6).Within(0.6), "the prompt's 1 kHz");
            Assert.That(list.Items.Select(i => i.Outcome), Is.EqualTo(new[] { PlayOutcome.Completed, PlayOutcome.Completed, PlayOutcome.Missing, PlayOutcome.Completed }));
            Assert.That(list.Items.Select(i => i.Played.TotalMilliseconds), Is.EqualTo(new[] { 1000, 200, 0, 300 }));
            Assert.That(list.Completed, Is.True);
            Assert.That(events.Select(e => e.Payload[0]).Distinct(), Is.EqualTo(new[] { 7, 11 }), "7 then #");
            Assert.That(events.Count(e => e.Header.Marker), Is.EqualTo(2), "one marked start per key");
        });
    }

    [Test]
    public async Task Pause_resume_and_stop_from_the_flow_shape_the_stream_and_the_result()
    {
        var results = new TaskCompletionSource<PlayListResult>();
        var steps = new TaskCompletionSource<(bool Paused, bool Resumed, double PauseMs, double PlayingMs)>();
        await using var call = new InProcessCall(_dir, async c =>
        {
            await c.AnswerAsync();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var ringing = c.PlayToneAsync(CallTone.Ringback);
            await Task.Delay(300);
            var pausedAt = clock.Elapsed.TotalMilliseconds;
            var p = c.PausePlayback();
            await Task.Delay(400);
            var resumedAt = clock.Elapsed.TotalMilliseconds;
            var r = c.ResumePlayback();
            await Task.Delay(300);
            var stoppedAt = clock.Elapsed.TotalMilliseconds;
            c.StopPlayback();
            steps.SetResult((p, r, resumedAt - pausedAt, pausedAt + (stoppedAt - resumedAt)));
            results.SetResult(await ringing);
            await Task.Delay(Timeout.Infinite, c.Ended);
        }, TonePlan.Europe);
        await call.AckAsync();

        var packets = Collect(call, _ => results.Task.IsCompleted && call.Rtp.Available == 0);
        var ring = await results.Task;
        var (wasPaused, wasResumed, pauseMs, playingMs) = await steps.Task;
        var gaps = packets.Zip(packets.Skip(1)).Where(p => p.Second.Header.Timestamp - p.First.Header.Timestamp > 160).ToList();
        await call.ByeAsync();

        // Each command takes effect at the next 20 ms tick, so measured spans may differ by two ticks.
        Assert.Multiple(() =>
        {
            Assert.That((wasPaused, wasResumed), Is.EqualTo((true, true)));
            Assert.That(ring.Items[0].Outcome, Is.EqualTo(PlayOutcome.Stopped));
            Assert.That(ring.Items[0].Played.TotalMilliseconds, Is.EqualTo(playingMs).Within(45), "the time playing, the pause not counted");
            Assert.That(gaps, Has.Count.EqualTo(1), "one hole in the stream: the pause");
            Assert.That((gaps[0].Second.Header.Timestamp - gaps[0].First.Header.Timestamp) / 8.0, Is.EqualTo(pauseMs + 20).Within(45), "the timestamp ran on through the pause");
            Assert.That((ushort)(gaps[0].Second.Header.SequenceNumber - gaps[0].First.Header.SequenceNumber), Is.EqualTo(1), "no sequence numbers skipped");
            Assert.That(gaps[0].Second.Header.Marker, Is.True, "the first packet after the pause is marked");
        });
    }

    [Test]
    public async Task A_key_press_interrupts_an_interruptible_list_and_waits_for_the_gather()
    {
        var results = new TaskCompletionSource<(PlayListResult List, string Digits)>();
        await using var call = new InProcessCall(_dir, async c =>
        {
            await c.AnswerAsync();
            var list = await c.PlayListAsync([PlayListItem.Of(CallTone.Ringback, TimeSpan.FromSeconds(5)), PlayListItem.Prompt("hello")], interruptible: true);
            var digits = await c.GatherDigitsAsync(new GatherOptions(1, null, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2)));
            results.SetResult((list, digits));
            await Task.Delay(Timeout.Infinite, c.Ended);
        }, TonePlan.Europe);
        await call.AckAsync();
        Collect(call, p => p.Count == 10);

        await call.PressAsync(5);
        var (played, digits) = await results.Task.WaitAsync(TimeSpan.FromSeconds(5));
        await call.ByeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(played.Interrupted, Is.True);
            Assert.That(played.Items.Select(i => i.Outcome), Is.EqualTo(new[] { PlayOutcome.Stopped, PlayOutcome.NotPlayed }));
            Assert.That(played.Items[0].Played, Is.LessThan(TimeSpan.FromSeconds(2)));
            Assert.That(played.Completed, Is.False);
            Assert.That(digits, Is.EqualTo("5"), "the key that interrupted is the first one gathered");
        });
    }

    [Test]
    public async Task The_caller_hanging_up_ends_a_tone_as_call_ended_and_the_flow_then_sees_the_end()
    {
        var results = new TaskCompletionSource<PlayListResult>();
        var afterwards = new TaskCompletionSource<Exception?>();
        await using var call = new InProcessCall(_dir, async c =>
        {
            await c.AnswerAsync();
            results.SetResult(await c.PlayToneAsync(CallTone.Ringback));
            try
            {
                await c.PlayToneAsync(CallTone.Beep);
                afterwards.SetResult(null);
            }
            catch (CallEndedException e)
            {
                afterwards.SetResult(e);
            }
        }, TonePlan.Europe);
        await call.AckAsync();
        call.ReceiveRtp();

        await call.ByeAsync();

        Assert.Multiple(async () =>
        {
            Assert.That((await results.Task.WaitAsync(TimeSpan.FromSeconds(5))).Items[0].Outcome, Is.EqualTo(PlayOutcome.CallEnded));
            Assert.That(await afterwards.Task.WaitAsync(TimeSpan.FromSeconds(5)), Is.InstanceOf<CallEndedException>());
        });
    }

    [Test]
    public async Task Without_telephone_event_digits_reach_the_caller_as_tones()
    {
        await using var call = new InProcessCall(_dir, async c =>
        {
            await c.AnswerAsync();
            await c.SendDigitsAsync("159*");
            await Task.Delay(Timeout.Infinite, c.Ended);
        }, TonePlan.Europe, telephoneEvent: false);
        await call.AckAsync();

        var heard = string.Empty;
        var detector = new GoertzelDtmfDetector();
        detector.DigitStarted += d => heard += d.Digit;
        Collect(call, p =>
        {
            if (p.Count > 0)
            {
                detector.Process(Pcm([p[^1]]));
            }

            return heard.Length == 4 || p.Count > 150;
        });
        await call.ByeAsync();

        Assert.That(heard, Is.EqualTo("159*"));
    }

    [Test]
    public async Task A_bad_key_is_refused_before_anything_is_sent()
    {
        var refused = new TaskCompletionSource<Exception?>();
        await using var call = new InProcessCall(_dir, async c =>
        {
            await c.AnswerAsync();
            try
            {
                await c.SendDigitsAsync("12x");
                refused.SetResult(null);
            }
            catch (ArgumentException e)
            {
                refused.SetResult(e);
            }

            await Task.Delay(Timeout.Infinite, c.Ended);
        }, TonePlan.Europe);
        await call.AckAsync();

        var error = await refused.Task.WaitAsync(TimeSpan.FromSeconds(5));
        var packets = Collect(call, p => p.Count == 10);
        await call.ByeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.InstanceOf<ArgumentException>());
            Assert.That(packets.Select(p => p.Header.PayloadType), Is.All.EqualTo(0), "not even the valid keys before it");
        });
    }
}
