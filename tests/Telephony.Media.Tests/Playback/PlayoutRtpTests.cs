using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Telephony.Media.Clock;
using Telephony.Media.Codecs;
using Telephony.Media.Dtmf.InBand;
using Telephony.Media.Playback;
using Telephony.Media.Rtp;
using Telephony.Media.Tones;

namespace Telephony.Media.Tests.Playback;

/// <summary>
/// Playback through a real <see cref="RtpSession"/> to a plain UDP socket. Most tests tick the
/// session by hand (it is the clock's listener) so every packet slot is known; one runs on the real clock.
/// </summary>
[NonParallelizable]
public class PlayoutRtpTests
{
    private MediaClock _clock = null!;
    private Socket _peer = null!;
    private long _tick;

    [SetUp]
    public void SetUp()
    {
        _clock = new MediaClock();
        _peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _peer.ReceiveTimeout = 2000;
    }

    [TearDown]
    public void TearDown()
    {
        _peer.Dispose();
        _clock.Dispose();
    }

    private RtpSession NewSession(int? telephoneEvent = 101) => new(new RtpSessionOptions
    {
        LocalAddress = IPAddress.Loopback,
        RemoteEndPoint = (IPEndPoint)_peer.LocalEndPoint!,
        Encoding = AudioEncoding.Pcma,
        PayloadType = 8,
        TelephoneEventPayloadType = telephoneEvent,
        RtcpInterval = TimeSpan.FromHours(1),
    }, _clock);

    /// <summary>One packet time on the session, as the clock would give it (20 ms period, 20 ms ptime).</summary>
    private void Tick(RtpSession session, int count = 1)
    {
        for (var i = 0; i < count; i++)
        {
            session.OnTick(++_tick);
        }
    }

    private (RtpHeader Header, byte[] Payload) Receive()
    {
        var buffer = new byte[2048];
        var n = _peer.Receive(buffer);
        Assert.That(RtpHeader.TryRead(buffer.AsSpan(0, n), out var header, out var offset, out var length), Is.True);
        return (header, buffer.AsSpan(offset, length).ToArray());
    }

    private List<(RtpHeader Header, byte[] Payload)> Receive(int count) => [.. Enumerable.Range(0, count).Select(_ => Receive())];

    private bool NothingArrives(int ms = 100) => !_peer.Poll(ms * 1000, SelectMode.SelectRead);

    private static EncodedAudio Ramp(int bytes) =>
        EncodedAudio.FromPcm([.. Enumerable.Range(0, bytes).Select(i => (short)(((i % 200) - 100) * 100))], AudioEncoding.Pcma);

    [Test]
    public async Task A_pause_sends_nothing_while_the_timestamp_runs_on_and_the_first_packet_after_it_is_marked()
    {
        await using var session = NewSession();
        var audio = Ramp(1600);
        var playing = session.Playback.PlayAsync([PlayItem.Of(audio)]);
        Tick(session, 3);
        var before = Receive(3);

        session.Playback.Pause();
        Tick(session, 4);
        Assert.That(NothingArrives(), Is.True, "no packet for the four paused slots");
        session.Playback.Resume();
        Tick(session, 2);
        var after = Receive(2);

        Assert.Multiple(() =>
        {
            Assert.That(before.Select(p => p.Header.Marker), Is.EqualTo(new[] { true, false, false }), "the stream's first packet is marked");
            Assert.That(before.Select(p => p.Header.Timestamp - before[0].Header.Timestamp), Is.EqualTo(new[] { 0u, 160u, 320u }));
            Assert.That((ushort)(after[0].Header.SequenceNumber - before[2].Header.SequenceNumber), Is.EqualTo(1), "no sequence gap: nothing was lost");
            Assert.That(after[0].Header.Timestamp - before[2].Header.Timestamp, Is.EqualTo(5u * 160), "four silent slots, then this one");
            Assert.That(after.Select(p => p.Header.Marker), Is.EqualTo(new[] { true, false }), "marker on the first packet after the pause only");
            Assert.That(before.Concat(after).SelectMany(p => p.Payload), Is.EqualTo(audio.Data.Take(800)), "the audio resumes where it paused");
        });
        Tick(session, 5);
        Assert.That((await playing.WaitAsync(TimeSpan.FromSeconds(1)))[0], Is.EqualTo(new PlayedItem(PlaybackResult.Completed, TimeSpan.FromMilliseconds(200))));
    }

    [Test]
    public async Task A_play_list_of_tones_and_silence_has_the_plan_frequencies_and_cadence_on_the_wire()
    {
        await using var session = NewSession();
        var plan = TonePlan.NorthAmerica;
        var list = session.Playback.PlayAsync([PlayItem.Of(plan.Busy, TimeSpan.FromMilliseconds(1500)), PlayItem.Silence(TimeSpan.FromMilliseconds(300)), PlayItem.Of(plan.Beep)]);
        Tick(session, 110);

        var packets = Receive(110);
        var pcm = new short[110 * 160];
        G711.Decode(AudioEncoding.Pcma, packets.SelectMany(p => p.Payload).ToArray(), pcm);
        var results = await list.WaitAsync(TimeSpan.FromSeconds(1));

        static double Level(short[] pcm, int fromMs, int toMs, double hz) =>
            Dbm0.FromMeanSquare(Goertzel.Power(pcm.AsSpan(fromMs * 8, (toMs - fromMs) * 8), Goertzel.Coefficient(hz, 8000)));

        Assert.Multiple(() =>
        {
            Assert.That(ToneAudioTests.Cadence(pcm), Is.EqualTo(new[] { 500, 500, 500, 300, 200, 200 }), "busy on, off, on (1.5 s), 0.3 s silence, the beep, idle");
            Assert.That(Level(pcm, 100, 400, 480), Is.EqualTo(-24).Within(1));
            Assert.That(Level(pcm, 100, 400, 620), Is.EqualTo(-24).Within(1));
            Assert.That(Level(pcm, 1850, 1950, 1000), Is.EqualTo(-10).Within(1), "the beep");
            Assert.That(packets.Select(p => p.Header.PayloadType), Is.All.EqualTo(8));
            Assert.That(results.Select(r => r.Played.TotalMilliseconds), Is.EqualTo(new[] { 1500, 300, 200 }));
        });
    }

    [Test]
    public async Task Digits_take_the_stream_as_rfc4733_events_then_playback_goes_on_where_it_was()
    {
        await using var session = NewSession();
        var audio = Ramp(1600);
        _ = session.Playback.PlayAsync([PlayItem.Of(audio)]);
        Tick(session, 2);
        var sending = session.SendDigitsAsync("19", TimeSpan.FromMilliseconds(60), TimeSpan.FromMilliseconds(40));
        Tick(session, 2 + 5 + 2 + 5 + 2 + 2);

        var packets = Receive(18);
        await sending.WaitAsync(TimeSpan.FromSeconds(1));
        var events = packets.Where(p => p.Header.PayloadType == 101).ToList();
        var first = events.Where(e => e.Payload[0] == 1).ToList();
        var second = events.Where(e => e.Payload[0] == 9).ToList();
        var audioPackets = packets.Where(p => p.Header.PayloadType == 8).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(packets.Select(p => p.Header.PayloadType), Is.EqualTo(new[] { 8, 8, 101, 101, 101, 101, 101, 8, 8, 101, 101, 101, 101, 101, 8, 8, 8, 8 }),
                "two audio, key 1 (start, update, three ends), 40 ms gap, key 9, gap, audio");
            Assert.That(first.Select(e => e.Header.Timestamp).Distinct().Count(), Is.EqualTo(1));
            Assert.That(second[0].Header.Timestamp - first[0].Header.Timestamp, Is.EqualTo(7u * 160), "each event is stamped with its own start slot");
            Assert.That(events.Select(e => e.Header.Marker), Is.EqualTo(new[] { true, false, false, false, false, true, false, false, false, false }));
            Assert.That(first.Select(e => (e.Payload[2] << 8) | e.Payload[3]), Is.EqualTo(new[] { 160, 320, 480, 480, 480 }), "growing duration, then the end three times");
            Assert.That(first.Select(e => (e.Payload[1] & 0x80) != 0), Is.EqualTo(new[] { false, false, true, true, true }));
            Assert.That(packets.Zip(packets.Skip(1), (a, b) => (ushort)(b.Header.SequenceNumber - a.Header.SequenceNumber)), Is.All.EqualTo(1));
            Assert.That(audioPackets.Take(2).Concat(audioPackets.Skip(6)).SelectMany(p => p.Payload), Is.EqualTo(audio.Data.Take(640)), "the prompt held its place under the digits");
        });
    }

    [Test]
    public async Task Without_telephone_event_digits_are_sent_as_tones_a_detector_hears()
    {
        await using var session = NewSession(telephoneEvent: null);
        var sending = session.SendDigitsAsync("5#0", TimeSpan.FromMilliseconds(80), TimeSpan.FromMilliseconds(60));
        Tick(session, 30);

        var packets = Receive(30);
        await sending.WaitAsync(TimeSpan.FromSeconds(1));
        var pcm = new short[30 * 160];
        G711.Decode(AudioEncoding.Pcma, packets.SelectMany(p => p.Payload).ToArray(), pcm);
        var heard = string.Empty;
        var detector = new GoertzelDtmfDetector();
        detector.DigitStarted += d => heard += d.Digit;
        detector.Process(pcm);

        Assert.Multiple(() =>
        {
            Assert.That(heard, Is.EqualTo("5#0"));
            Assert.That(packets.Select(p => p.Header.PayloadType), Is.All.EqualTo(8));
        });
    }

    [Test]
    public async Task Sending_a_packet_allocates_nothing_whatever_plays()
    {
        await using var session = NewSession();
        _peer.ReceiveBufferSize = 1 << 20;
        _ = session.Playback.PlayAsync([PlayItem.Of(TonePlan.Europe.Ringback, TimeSpan.FromSeconds(2)), PlayItem.Silence(TimeSpan.FromSeconds(1)), PlayItem.Of(Ramp(8000))]);
        _ = session.SendDigitsAsync("123", TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100));
        Tick(session, 2);

        var before = GC.GetAllocatedBytesForCurrentThread();
        Tick(session, 30); // through the three keys and their gaps
        session.Playback.Pause();
        Tick(session, 5);
        session.Playback.Resume();
        Tick(session, 150); // the tone, the silence, the audio
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(allocated, Is.Zero);
    }

    [Test]
    public async Task On_the_real_clock_pause_stops_packets_within_one_tick_and_resume_restarts_them()
    {
        await using var session = NewSession();
        session.Start();
        var audio = Ramp(8000 * 5);
        _ = session.Playback.PlayAsync([PlayItem.Of(audio)]);
        Receive(5);

        var lastBefore = Receive().Header;
        session.Playback.Pause();
        var sincePause = Stopwatch.StartNew();
        var late = new List<RtpHeader>();
        while (_peer.Poll(30_000, SelectMode.SelectRead))
        {
            late.Add(Receive().Header);
        }

        var silent = NothingArrives(300);
        session.Playback.Resume();
        var resumed = Receive().Header;
        var lastSent = late.Count > 0 ? late[^1] : lastBefore;

        // The timestamp follows the wall clock through the pause: at least the 300 ms waited, at most
        // the time since the pause plus the tick that may have been under way.
        var gapMs = (resumed.Timestamp - lastSent.Timestamp) / 8.0;
        Assert.Multiple(() =>
        {
            Assert.That(late, Has.Count.LessThanOrEqualTo(1), "at most the packet of a tick already under way");
            Assert.That(silent, Is.True, "silent while paused");
            Assert.That(resumed.Marker, Is.True);
            Assert.That((ushort)(resumed.SequenceNumber - lastSent.SequenceNumber), Is.EqualTo(1));
            Assert.That(gapMs, Is.GreaterThanOrEqualTo(300).And.LessThanOrEqualTo(sincePause.Elapsed.TotalMilliseconds + 40));
        });
    }
}
