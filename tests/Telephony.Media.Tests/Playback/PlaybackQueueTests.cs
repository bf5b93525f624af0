using Telephony.Media.Codecs;
using Telephony.Media.Playback;
using Telephony.Media.Rtp;
using Telephony.Media.Tones;

namespace Telephony.Media.Tests.Playback;

/// <summary>The play queue driven frame by frame, as the clock drives it.</summary>
public class PlaybackQueueTests
{
    private const byte Silence = 0xD5; // A-law

    /// <summary>A-law audio whose bytes count up, so every byte's place in the stream can be checked.</summary>
    private static EncodedAudio Ramp(int bytes, int seed = 0)
    {
        // Distinct A-law codes that never equal the silence code.
        var codes = Enumerable.Range(0, bytes).Select(i => (byte)((i + seed) % 200)).Select(b => b == Silence ? (byte)201 : b).ToArray();
        var pcm = new short[bytes];
        G711.Decode(AudioEncoding.Pcma, codes, pcm);
        var audio = EncodedAudio.FromPcm(pcm, AudioEncoding.Pcma);
        Assert.That(audio.Data, Is.EqualTo(codes), "A-law decode/encode is exact");
        return audio;
    }

    [Test]
    public async Task A_list_plays_its_items_back_to_back_then_the_queue_is_silent()
    {
        var queue = new PlaybackQueue(AudioEncoding.Pcma);
        var driver = new FrameDriver(queue);
        var first = Ramp(250);
        var second = Ramp(100, seed: 7);

        var played = queue.PlayAsync([PlayItem.Of(first), PlayItem.Silence(TimeSpan.FromMilliseconds(10)), PlayItem.Of(second)]);
        driver.Ticks(4);

        var expected = first.Data.Concat(Enumerable.Repeat(Silence, 80)).Concat(second.Data).ToList();
        var results = await played.WaitAsync(TimeSpan.FromSeconds(1));
        Assert.Multiple(() =>
        {
            Assert.That(driver.Bytes.Take(expected.Count), Is.EqualTo(expected), "no gap between items, not even mid-frame");
            Assert.That(driver.Bytes.Skip(expected.Count), Is.All.EqualTo(Silence));
            Assert.That(driver.Statuses, Is.EqualTo(new[] { PlayoutStatus.Audio, PlayoutStatus.Audio, PlayoutStatus.Audio, PlayoutStatus.Idle }));
            Assert.That(results.Select(r => r.Result), Is.All.EqualTo(PlaybackResult.Completed));
            Assert.That(results.Select(r => r.Played.TotalMilliseconds), Is.EqualTo(new[] { 31.25, 10, 12.5 }));
        });
    }

    [Test]
    public async Task Pause_holds_the_place_from_the_next_frame_and_resume_goes_on_from_it()
    {
        var queue = new PlaybackQueue(AudioEncoding.Pcma);
        var driver = new FrameDriver(queue);
        var audio = Ramp(800);
        var played = queue.PlayAsync([PlayItem.Of(audio)]);
        driver.Ticks(2);

        Assert.That(queue.Pause(), Is.True);
        driver.Ticks(3);
        Assert.That(queue.Resume(), Is.True);
        driver.Ticks(3);

        var results = await played.WaitAsync(TimeSpan.FromSeconds(1));
        Assert.Multiple(() =>
        {
            Assert.That(driver.Statuses.Skip(2).Take(3), Is.All.EqualTo(PlayoutStatus.Paused), "nothing while paused, from the first frame after Pause");
            Assert.That(driver.Bytes, Is.EqualTo(audio.Data), "resumed exactly where it paused");
            Assert.That(results[0], Is.EqualTo(new PlayedItem(PlaybackResult.Completed, TimeSpan.FromMilliseconds(100))), "pauses do not count as played");
        });
    }

    [Test]
    public async Task Stop_ends_the_current_item_with_what_it_played_and_drops_the_rest()
    {
        var queue = new PlaybackQueue(AudioEncoding.Pcma);
        var driver = new FrameDriver(queue);
        var current = queue.PlayAsync([PlayItem.Of(Ramp(8000)), PlayItem.Of(ToneSpec.Beep)]);
        var queued = queue.PlayAsync([PlayItem.Of(Ramp(160))]);
        driver.Ticks(3);

        queue.Stop();
        driver.Tick();

        var results = await current.WaitAsync(TimeSpan.FromSeconds(1));
        var dropped = await queued.WaitAsync(TimeSpan.FromSeconds(1));
        Assert.Multiple(() =>
        {
            Assert.That(results, Is.EqualTo(new[] { new PlayedItem(PlaybackResult.Stopped, TimeSpan.FromMilliseconds(60)), new PlayedItem(PlaybackResult.NotPlayed, TimeSpan.Zero) }));
            Assert.That(dropped[0].Result, Is.EqualTo(PlaybackResult.Stopped));
            Assert.That(dropped[0].Played, Is.EqualTo(TimeSpan.Zero));
            Assert.That(driver.Statuses[^1], Is.EqualTo(PlayoutStatus.Idle), "the next frame is already silence");
            Assert.That(queue.IsPlaying, Is.False);
        });
    }

    [Test]
    public async Task Stopping_a_paused_queue_lets_silence_flow_again()
    {
        var queue = new PlaybackQueue(AudioEncoding.Pcma);
        var driver = new FrameDriver(queue);
        var played = queue.PlayAsync([PlayItem.Of(Ramp(8000))]);
        driver.Tick();
        queue.Pause();
        driver.Tick();

        queue.Stop();
        driver.Tick();

        Assert.That(driver.Statuses, Is.EqualTo(new[] { PlayoutStatus.Audio, PlayoutStatus.Paused, PlayoutStatus.Idle }));
        Assert.That((await played)[0].Result, Is.EqualTo(PlaybackResult.Stopped));
    }

    [Test]
    public void Pausing_an_idle_queue_does_nothing()
    {
        var queue = new PlaybackQueue(AudioEncoding.Pcma);
        var driver = new FrameDriver(queue);

        Assert.That(queue.Pause(), Is.False);
        driver.Tick();

        Assert.Multiple(() =>
        {
            Assert.That(queue.IsPaused, Is.False);
            Assert.That(queue.Resume(), Is.False);
            Assert.That(driver.Statuses, Is.EqualTo(new[] { PlayoutStatus.Idle }));
        });
    }

    [Test]
    public async Task Replace_stops_what_plays_and_the_new_list_starts_at_the_next_frame()
    {
        var queue = new PlaybackQueue(AudioEncoding.Pcma);
        var driver = new FrameDriver(queue);
        var old = queue.PlayAsync([PlayItem.Of(Ramp(1600))]);
        driver.Tick();
        var fresh = Ramp(160, seed: 33);

        var replacing = queue.PlayAsync([PlayItem.Of(fresh)], replace: true);
        driver.Tick();

        Assert.Multiple(async () =>
        {
            Assert.That((await old)[0], Is.EqualTo(new PlayedItem(PlaybackResult.Stopped, TimeSpan.FromMilliseconds(20))));
            Assert.That(driver.Bytes.Skip(160), Is.EqualTo(fresh.Data));
            Assert.That((await replacing.WaitAsync(TimeSpan.FromSeconds(1)))[0].Result, Is.EqualTo(PlaybackResult.Completed));
        });
    }

    [Test]
    public async Task A_repeating_tone_loops_its_cadence_for_the_duration_asked()
    {
        var queue = new PlaybackQueue(AudioEncoding.Pcma);
        var driver = new FrameDriver(queue);
        var busy = TonePlan.Europe.Busy; // 500 ms on, 500 ms off

        var played = queue.PlayAsync([PlayItem.Of(busy, TimeSpan.FromMilliseconds(2500))]);
        driver.Ticks(130);

        var cycle = ToneAudio.Cached(busy, AudioEncoding.Pcma).Data;
        var results = await played.WaitAsync(TimeSpan.FromSeconds(1));
        Assert.Multiple(() =>
        {
            Assert.That(cycle, Has.Length.EqualTo(8000), "one 1 s cycle is rendered");
            Assert.That(driver.Bytes.Take(8000), Is.EqualTo(cycle));
            Assert.That(driver.Bytes.Skip(8000).Take(8000), Is.EqualTo(cycle), "the second cycle repeats the first");
            Assert.That(driver.Bytes.Skip(16000).Take(4000), Is.EqualTo(cycle.Take(4000)), "cut at 2.5 s, in an on-period");
            Assert.That(driver.Bytes.Skip(20000), Is.All.EqualTo(Silence));
            Assert.That(results[0], Is.EqualTo(new PlayedItem(PlaybackResult.Completed, TimeSpan.FromMilliseconds(2500))));
        });
    }

    [Test]
    public async Task A_tone_without_duration_plays_until_stopped()
    {
        var queue = new PlaybackQueue(AudioEncoding.Pcmu);
        var driver = new FrameDriver(queue);
        var played = queue.PlayAsync([PlayItem.Of(TonePlan.NorthAmerica.Ringback)]);

        driver.Ticks(500); // 10 s: past the 6 s cycle
        Assert.That(played.IsCompleted, Is.False);
        queue.Stop();

        Assert.That((await played)[0], Is.EqualTo(new PlayedItem(PlaybackResult.Stopped, TimeSpan.FromSeconds(10))));
    }

    [Test]
    public async Task Cancellation_and_close_end_lists_as_cancelled()
    {
        var queue = new PlaybackQueue(AudioEncoding.Pcma);
        var driver = new FrameDriver(queue);
        using var cts = new CancellationTokenSource();
        var cancelled = queue.PlayAsync([PlayItem.Of(Ramp(1600)), PlayItem.Silence(TimeSpan.FromSeconds(1))], cancellationToken: cts.Token);
        var after = queue.PlayAsync([PlayItem.Of(Ramp(1600))]);
        driver.Tick();

        await cts.CancelAsync();
        driver.Tick();
        queue.Close();
        var late = queue.PlayAsync([PlayItem.Of(Ramp(160))]);

        Assert.Multiple(async () =>
        {
            Assert.That(await cancelled, Is.EqualTo(new[] { new PlayedItem(PlaybackResult.Cancelled, TimeSpan.FromMilliseconds(20)), new PlayedItem(PlaybackResult.NotPlayed, TimeSpan.Zero) }));
            Assert.That((await after)[0], Is.EqualTo(new PlayedItem(PlaybackResult.Cancelled, TimeSpan.FromMilliseconds(20))), "the next list took over at once, then the call ended");
            Assert.That((await late)[0].Result, Is.EqualTo(PlaybackResult.Cancelled));
        });
    }

    [Test]
    public async Task An_empty_list_and_zero_length_items_complete_at_once()
    {
        var queue = new PlaybackQueue(AudioEncoding.Pcma);

        var empty = await queue.PlayAsync([]);
        var zero = queue.PlayAsync([PlayItem.Silence(TimeSpan.Zero)]);

        Assert.That(empty, Is.Empty);
        Assert.That((await zero.WaitAsync(TimeSpan.FromSeconds(1)))[0].Result, Is.EqualTo(PlaybackResult.Completed));
    }

    [Test]
    public void Reading_frames_allocates_nothing()
    {
        var queue = new PlaybackQueue(AudioEncoding.Pcmu);
        _ = queue.PlayAsync([PlayItem.Of(TonePlan.Europe.Ringback), PlayItem.Silence(TimeSpan.FromSeconds(1))]);
        var frame = new byte[160];
        queue.ReadFrame(frame);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            queue.ReadFrame(frame);
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    [Test]
    public void Audio_of_another_codec_is_refused_before_anything_plays()
    {
        var queue = new PlaybackQueue(AudioEncoding.Pcma);
        var mulaw = EncodedAudio.FromPcm(new short[160], AudioEncoding.Pcmu);

        Assert.Throws<ArgumentException>(() => queue.PlayAsync([PlayItem.Silence(TimeSpan.FromSeconds(1)), PlayItem.Of(mulaw)]));
        Assert.That(queue.IsPlaying, Is.False);
    }
    [Test]
    public async Task The_first_frame_hook_fires_once_at_the_frame_that_carries_the_lists_first_bytes()
    {
        var queue = new PlaybackQueue(AudioEncoding.Pcma);
        var driver = new FrameDriver(queue);
        var firstAt = new List<int>();
        var nextAt = new List<int>();

        // A list behind one that plays 2.5 frames: its first bytes share the third frame.
        var ahead = queue.PlayAsync([PlayItem.Of(Ramp(400))], false, () => firstAt.Add(driver.Statuses.Count));
        var behind = queue.PlayAsync([PlayItem.Of(Ramp(160, seed: 3))], false, () => nextAt.Add(driver.Statuses.Count));
        Assert.That(firstAt, Is.Empty, "nothing has gone out yet");
        queue.Pause();
        driver.Ticks(2);
        Assert.That(firstAt, Is.Empty, "paused: no frame carried it");
        queue.Resume();
        driver.Ticks(6);
        await Task.WhenAll(ahead, behind).WaitAsync(TimeSpan.FromSeconds(1));
        Assert.Multiple(() =>
        {
            Assert.That(firstAt, Is.EqualTo(new[] { 2 }), "once, during the first frame read after the pause (two paused ticks before it)");
            Assert.That(nextAt, Is.EqualTo(new[] { 4 }), "the second list starts inside the third audio frame");
        });
    }
}
