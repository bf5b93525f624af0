using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Telephony.Media.Clock;
using Telephony.Media.Codecs;
using Telephony.Media.Recording;
using Telephony.Media.Rtp;

namespace Telephony.Media.Tests.Rtp;

/// <summary>
/// A real <see cref="RtpSession"/> on loopback receiving synthetic RTP sequences: the caller's
/// audio plays out through the jitter buffer into the recording and the in-band detector.
/// </summary>
[NonParallelizable]
public class CallerAudioSessionTests
{
    private MediaClock _clock = null!;
    private string _folder = null!;

    [SetUp]
    public void SetUp()
    {
        _clock = new MediaClock();
        _folder = Directory.CreateTempSubdirectory("rx-session-").FullName;
    }

    [TearDown]
    public void TearDown()
    {
        _clock.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    internal static byte[] Packet(byte payloadType, ushort seq, uint ts, uint ssrc, ReadOnlySpan<byte> payload)
    {
        var packet = new byte[RtpHeader.FixedLength + payload.Length];
        new RtpHeader(false, payloadType, seq, ts, ssrc).TryWrite(packet, out _);
        payload.CopyTo(packet.AsSpan(RtpHeader.FixedLength));
        return packet;
    }

    /// <summary>Sends each packet at its own time (ms from now) on absolute deadlines, as a phone would.</summary>
    internal static async Task SendPaced(Socket caller, int port, IEnumerable<(double Ms, byte[] Packet)> schedule)
    {
        var start = Stopwatch.GetTimestamp();
        foreach (var (ms, packet) in schedule.OrderBy(s => s.Ms))
        {
            var wait = TimeSpan.FromMilliseconds(ms) - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            caller.SendTo(packet, new IPEndPoint(IPAddress.Loopback, port));
        }
    }

    internal static Socket Caller()
    {
        var caller = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        caller.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return caller;
    }

    internal RtpSession Session(Socket caller, int? telephoneEvent = 101) => new(new RtpSessionOptions
    {
        LocalAddress = IPAddress.Loopback,
        RemoteEndPoint = (IPEndPoint)caller.LocalEndPoint!,
        Encoding = AudioEncoding.Pcmu,
        PayloadType = 0,
        TelephoneEventPayloadType = telephoneEvent,
    }, _clock);

    internal static async Task<short[]> LeftChannel(CallRecorder recorder)
    {
        var bytes = await File.ReadAllBytesAsync((await recorder.FinishAsync())!);
        var left = new short[(bytes.Length - 44) / 4];
        for (var i = 0; i < left.Length; i++)
        {
            left[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(44 + (4 * i)));
        }

        return left;
    }

    [Test]
    public async Task Reordered_lost_and_duplicated_packets_are_recorded_in_order_with_the_loss_concealed()
    {
        using var caller = Caller();
        var recorder = new CallRecorder(Path.Combine(_folder, "call.wav"));
        Media.Quality.CallQualitySummary? quality;
        Media.Jitter.JitterBufferStats? jitter;
        await using (var session = Session(caller))
        {
            session.Recorder = recorder;
            session.Start();
            await Task.Delay(100); // our stream first: the caller's every frame lands at a positive position

            var schedule = new List<(double, byte[])>();
            for (var k = 0; k < 60; k++)
            {
                var payload = Enumerable.Repeat(CallerAudioPlayoutTests.Code(k), 160).ToArray();
                var packet = Packet(0, (ushort)(65_500 + k), (uint)(160 * k), 99, payload); // the sequence number wraps on the way
                switch (k)
                {
                    case 10:
                        schedule.Add(((20.0 * k) + 26, packet)); // after packet 11
                        continue;
                    case 20:
                        continue; // lost
                    case 30:
                        schedule.Add(((20.0 * k) + 3, packet)); // and a duplicate
                        break;
                }

                schedule.Add((20.0 * k, packet));
            }

            await SendPaced(caller, session.BoundPort, schedule);
            await Task.Delay(300);
            await session.DisposeAsync();
            quality = session.QualitySummary();
            jitter = session.CallerJitterStats;
        }

        var left = await LeftChannel(recorder);
        var first = Array.FindIndex(left, s => s != 0);
        Assert.That(first, Is.GreaterThan(0), "the caller's audio was recorded");

        // A packet this test's pacing (a shared, busy machine) delayed past the buffer's delay is late
        // and its slot concealed like the lost one's: so every frame must be its own packet or that
        // concealment (the frame before, or silence), never another packet's audio.
        var notOwn = new List<int>();
        for (var k = 0; k < 60; k++)
        {
            var heard = left[first + (160 * k) + 80];
            if (heard != CallerAudioPlayoutTests.Level(k))
            {
                notOwn.Add(k);
                Assert.That(heard, Is.EqualTo(CallerAudioPlayoutTests.Level(k - 1)).Or.Zero, $"frame {k} holds another packet's audio");
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(notOwn, Does.Contain(20), "the lost packet is concealed");
            Assert.That(notOwn, Has.Count.LessThanOrEqualTo(jitter!.Concealed), $"frames not their own: {string.Join(", ", notOwn)}");
            Assert.That(jitter.Duplicates, Is.EqualTo(1));
            Assert.That(quality!.PacketsReceived, Is.EqualTo(60), "RFC 3550 statistics, on arrival, count the duplicate");
            Assert.That(quality.PacketsLost, Is.Zero, "RFC 3550: the duplicate makes up for the lost packet");
        });
    }

    [Test]
    public async Task Tones_reordered_and_with_a_loss_still_become_the_right_digits()
    {
        using var caller = Caller();
        await using var session = Session(caller, telephoneEvent: null);
        session.Start();
        var packets = InBandSessionTests.TonePackets("4#7", AudioEncoding.Pcmu, 0);
        var schedule = packets.Select((p, k) => (Ms: 20.0 * k, Packet: p)).ToList();
        schedule[1] = (schedule[1].Ms + 25, schedule[1].Packet); // the second packet of the first two tones after the third
        schedule[9] = (schedule[9].Ms + 25, schedule[9].Packet);
        schedule.RemoveAt(18); // and a loss in the last one
        await SendPaced(caller, session.BoundPort, schedule);
        await Task.Delay(300);
        var heard = string.Empty;
        while (session.Digits.TryRead(out var digit))
        {
            heard += digit.Digit;
        }

        Assert.That(heard, Is.EqualTo("4#7"));
    }

    /// <summary>Speech, then a comfort noise packet of payload type <paramref name="cnType"/> (level −35 dBov), then speech after a 400 ms pause.</summary>
    private static List<(double, byte[])> SpeechPauseSpeech(byte cnType)
    {
        var schedule = new List<(double, byte[])>();
        for (var k = 0; k < 10; k++)
        {
            schedule.Add((20.0 * k, Packet(0, (ushort)k, (uint)(160 * k), 5, Enumerable.Repeat(CallerAudioPlayoutTests.Code(k), 160).ToArray())));
        }

        schedule.Add((200, Packet(cnType, 10, 1600, 5, [35, 0x7D, 0x92])));
        for (var k = 0; k < 10; k++)
        {
            schedule.Add((600 + (20.0 * k), Packet(0, (ushort)(11 + k), (uint)(1600 + 3200 + (160 * k)), 5, Enumerable.Repeat(CallerAudioPlayoutTests.Code(11 + k), 160).ToArray())));
        }

        return schedule;
    }

    [TestCase(13, null)]
    [TestCase(118, 118)]
    public async Task Comfort_noise_is_counted_and_fills_the_caller_channel(int cnType, int? negotiated)
    {
        using var caller = Caller();
        var recorder = new CallRecorder(Path.Combine(_folder, "call.wav"));
        RtpSessionStats stats;
        Media.Quality.CallQualitySummary? quality;
        await using (var session = Session(caller))
        {
            session.Configure((IPEndPoint)caller.LocalEndPoint!, AudioEncoding.Pcmu, 0, 101, 20, comfortNoisePayloadType: negotiated);
            session.Recorder = recorder;
            session.Start();
            await Task.Delay(100);
            await SendPaced(caller, session.BoundPort, SpeechPauseSpeech((byte)cnType));
            await Task.Delay(300);
            await session.DisposeAsync();
            stats = session.Stats;
            quality = session.QualitySummary();
        }

        var left = await LeftChannel(recorder);
        var first = Array.FindIndex(left, s => s != 0);
        var pause = left.AsSpan(first + 1600 + 160, 3200 - 320).ToArray();
        var rms = Math.Sqrt(pause.Average(s => (double)s * s));
        Assert.Multiple(() =>
        {
            Assert.That(stats.ComfortNoiseReceived, Is.EqualTo(1));
            Assert.That(stats.UnknownPayloadDropped, Is.Zero);
            Assert.That(stats.PacketsReceived, Is.EqualTo(21));
            Assert.That(quality!.PacketsLost, Is.Zero, "the CN packet's sequence number is not a loss");
            Assert.That(rms, Is.EqualTo(Media.ComfortNoise.ComfortNoiseGenerator.Rms(35)).Within(15).Percent, "noise at −35 dBov through the pause");
            Assert.That(left[first + 4800 + 80], Is.EqualTo(CallerAudioPlayoutTests.Level(11)), "speech resumes where its timestamp puts it");
        });
    }

    [Test]
    public async Task A_dynamic_comfort_noise_type_the_answer_did_not_accept_is_an_unknown_payload()
    {
        using var caller = Caller();
        await using var session = Session(caller);
        session.Start();
        await SendPaced(caller, session.BoundPort, SpeechPauseSpeech(118));
        await Task.Delay(100);
        Assert.Multiple(() =>
        {
            Assert.That(session.Stats.UnknownPayloadDropped, Is.EqualTo(1));
            Assert.That(session.Stats.ComfortNoiseReceived, Is.Zero);
        });
    }

    [Test]
    public async Task A_new_ssrc_from_the_latched_source_resynchronises_cleanly()
    {
        // One socket, two streams one after the other (a PBX switching media): the second's sequence
        // numbers and timestamps have nothing to do with the first's.
        using var caller = Caller();
        var recorder = new CallRecorder(Path.Combine(_folder, "call.wav"));
        Media.Quality.CallQualitySummary? quality;
        Media.Jitter.JitterBufferStats? jitter;
        RtpSessionStats stats;
        await using (var session = Session(caller))
        {
            session.Recorder = recorder;
            session.Start();
            await Task.Delay(100);
            var schedule = new List<(double, byte[])>();
            for (var k = 0; k < 40; k++)
            {
                var (ssrc, seq, ts) = k < 20 ? (0xAAAAu, 30_000 + k, 1000u + (uint)(160 * k)) : (0xBBBBu, 29_990 + k, 3_000_000_000u + (uint)(160 * k));
                schedule.Add((20.0 * k, Packet(0, (ushort)seq, ts, ssrc, Enumerable.Repeat(CallerAudioPlayoutTests.Code(k), 160).ToArray())));
            }

            await SendPaced(caller, session.BoundPort, schedule);
            await Task.Delay(300);
            await session.DisposeAsync();
            quality = session.QualitySummary();
            jitter = session.CallerJitterStats;
            stats = session.Stats;
        }

        var left = await LeftChannel(recorder);
        var first = Array.FindIndex(left, s => s != 0);
        var second = Array.FindIndex(left, s => s == CallerAudioPlayoutTests.Level(20));
        Assert.Multiple(() =>
        {
            Assert.That(stats.Relatches, Is.Zero, "the same source");
            Assert.That(quality!.PacketsReceived, Is.EqualTo(40));
            Assert.That(quality.PacketsLost, Is.Zero, "the second stream's numbers are not a jump or a loss");
            Assert.That(quality.JitterMs, Is.LessThan(20), "nor its timestamps a transit step");
            Assert.That(jitter!.Resyncs, Is.EqualTo(1), "the buffer started the new stream afresh");
            Assert.That(jitter.Late + jitter.Discarded, Is.Zero);

            // Each stream's frames contiguous by their own timestamps; the second placed by when it arrived: after the first.
            for (var k = 0; k < 20; k++)
            {
                Assert.That(left[first + (160 * k) + 80], Is.EqualTo(CallerAudioPlayoutTests.Level(k)), $"first stream, frame {k}");
                Assert.That(left[second + (160 * k) + 80], Is.EqualTo(CallerAudioPlayoutTests.Level(20 + k)), $"second stream, frame {k}");
            }

            Assert.That(second - first, Is.EqualTo(3200).Within(240), "20 frames after the first stream began, within the pacing's jitter");
        });
    }

    [Test]
    public async Task Rfc4733_events_of_a_new_ssrc_start_afresh()
    {
        // Both streams start their key press at the same RTP timestamp: without a reset the second
        // would read as a retransmission of the first and be lost.
        using var caller = Caller();
        await using var session = Session(caller);
        session.Start();
        var schedule = new List<(double, byte[])>();
        for (var source = 0; source < 2; source++)
        {
            var ssrc = source == 0 ? 0xAAAAu : 0xBBBBu;
            for (var i = 0; i < 4; i++)
            {
                var end = i >= 2;
                byte[] payload = [5, (byte)((end ? 0x80 : 0) | 10), 0, (byte)(160 * Math.Min(i + 1, 2))];
                schedule.Add(((source * 200) + (20.0 * i), Packet(101, (ushort)((source * 100) + i), 8000, ssrc, payload)));
            }
        }

        await SendPaced(caller, session.BoundPort, schedule);
        await Task.Delay(100);
        var heard = string.Empty;
        while (session.Digits.TryRead(out var digit))
        {
            heard += digit.Digit;
        }

        Assert.That(heard, Is.EqualTo("55"));
    }

    [Test]
    public async Task A_call_with_only_key_presses_still_reports_its_packets_and_quality()
    {
        // A robot that presses keys and never speaks: every packet is an RFC 4733 event. They are
        // the stream's packets all the same (RFC 3550 counts them), so the CDR's rtp_packets and
        // loss are known; only jitter ignores them (an event's timestamp is its start, repeated).
        using var caller = Caller();
        Media.Quality.CallQualitySummary? quality;
        await using (var session = Session(caller))
        {
            session.Start();
            var schedule = new List<(double, byte[])>();
            for (var i = 0; i < 6; i++)
            {
                var end = i >= 4;
                byte[] payload = [1, (byte)((end ? 0x80 : 0) | 10), 0, (byte)(160 * Math.Min(i + 1, 4))];
                schedule.Add((20.0 * i, Packet(101, (ushort)(500 + i), 8000, 7, payload)));
            }

            await SendPaced(caller, session.BoundPort, schedule);
            await Task.Delay(100);
            await session.DisposeAsync();
            quality = session.QualitySummary();
        }

        Assert.That(quality, Is.Not.Null, "six RTP packets arrived: the call had a stream");
        Assert.Multiple(() =>
        {
            Assert.That(quality!.PacketsReceived, Is.EqualTo(6));
            Assert.That(quality.PacketsLost, Is.Zero);
            Assert.That(quality.JitterMs, Is.Zero, "events carry no sampling instants to measure jitter by");
        });
    }

    [Test]
    public async Task Key_presses_between_audio_packets_are_not_counted_as_loss()
    {
        // RFC 4733 events share the audio's sequence numbers: a phone sends events instead of audio
        // while a key is down, so counting audio alone would read every event as a lost packet.
        using var caller = Caller();
        Media.Quality.CallQualitySummary? quality;
        await using (var session = Session(caller))
        {
            session.Start();
            var schedule = new List<(double, byte[])>();
            for (var k = 0; k < 30; k++)
            {
                var audio = k is < 10 or >= 16;
                byte[] payload = audio
                    ? Enumerable.Repeat(CallerAudioPlayoutTests.Code(k), 160).ToArray()
                    : [3, (byte)((k >= 14 ? 0x80 : 0) | 10), 0, (byte)(160 * Math.Min(k - 9, 4))];
                schedule.Add((20.0 * k, Packet(audio ? (byte)0 : (byte)101, (ushort)k, audio ? (uint)(160 * k) : 1600u, 9, payload)));
            }

            await SendPaced(caller, session.BoundPort, schedule);
            await Task.Delay(100);
            await session.DisposeAsync();
            quality = session.QualitySummary();
        }

        Assert.Multiple(() =>
        {
            Assert.That(quality!.PacketsReceived, Is.EqualTo(30));
            Assert.That(quality.PacketsLost, Is.Zero);
            Assert.That(quality.LossPercent, Is.Zero);
        });
    }
}
