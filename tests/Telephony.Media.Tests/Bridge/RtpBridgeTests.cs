using System.Net;
using Telephony.Media.Bridge;
using Telephony.Media.Clock;
using Telephony.Media.Codecs;
using Telephony.Media.Codecs.G722;
using G722Codec = Telephony.Media.Codecs.G722.G722;
using Telephony.Media.Dtmf.InBand;
using Telephony.Media.Rtp;
using Telephony.Media.Tests.InBand;

namespace Telephony.Media.Tests.Bridge;

/// <summary>Two real sessions on loopback, each talking to a real UDP peer, bridged: what the far peer gets.</summary>
[NonParallelizable]
public class RtpBridgeTests
{
    private const uint CallerSsrc = 0xCAFE0001;
    private MediaClock _clock = null!;
    private RtpPeer _caller = null!;
    private RtpPeer _agent = null!;

    [SetUp]
    public void SetUp()
    {
        _clock = new MediaClock();
        _caller = new RtpPeer { Ssrc = CallerSsrc };
        _agent = new RtpPeer { Ssrc = 0xA6E70002 };
    }

    [TearDown]
    public void TearDown()
    {
        _caller.Dispose();
        _agent.Dispose();
        _clock.Dispose();
    }

    private RtpSession Leg(RtpPeer peer, AudioEncoding encoding, int? telephoneEvent = 101, int ptime = 20, int? comfortNoise = null) =>
        new(new RtpSessionOptions
        {
            LocalAddress = IPAddress.Loopback,
            RemoteEndPoint = peer.EndPoint,
            Encoding = encoding,
            PayloadType = PayloadTypeOf(encoding),
            TelephoneEventPayloadType = telephoneEvent,
            ComfortNoisePayloadType = comfortNoise,
            PtimeMs = ptime,
        }, _clock);

    private static int PayloadTypeOf(AudioEncoding encoding) => encoding switch
    {
        AudioEncoding.Pcmu => 0,
        AudioEncoding.Pcma => 8,
        _ => G722Codec.PayloadType,
    };

    private static bool IsSilence(byte[] payload, AudioEncoding encoding) => payload.All(b => b == G711.SilenceByte(encoding));

    /// <summary>Sends <paramref name="packets"/> payloads of the caller as consecutive 20 ms packets.</summary>
    private void SendCallerAudio(RtpSession to, List<byte[]> packets, int payloadType, ushort firstSequence = 1000, uint firstTimestamp = 50_000)
    {
        for (var i = 0; i < packets.Count; i++)
        {
            _caller.Send(to, payloadType, (ushort)(firstSequence + i), firstTimestamp + (uint)(i * packets[i].Length), packets[i], marker: i == 0);
        }
    }

    private static short[] Sine(double hz, int samples, double amplitude = 8000, int rate = 8000) =>
        [.. Enumerable.Range(0, samples).Select(i => (short)(amplitude * Math.Sin(2 * Math.PI * hz * i / rate)))];

    private static List<byte[]> Packetize(byte[] data, int bytes) => [.. data.Chunk(bytes)];

    [Test]
    public async Task Same_codec_relay_copies_payloads_into_the_receivers_own_stream()
    {
        await using var a = Leg(_caller, AudioEncoding.Pcmu);
        await using var b = Leg(_agent, AudioEncoding.Pcmu);
        a.Start();
        b.Start();
        var before = _agent.WaitFor(p => p.Count >= 3, "the agent leg's own silence");
        var ownSsrc = before[0].Header.Ssrc;

        await using var bridge = RtpBridge.Connect(a, b);
        var payloads = Enumerable.Range(0, 10).Select(i => Enumerable.Range(0, 160).Select(j => (byte)((i * 7) + j)).ToArray()).ToList();
        SendCallerAudio(a, payloads, 0);

        var packets = _agent.WaitFor(p => p.Count(x => !IsSilence(x.Payload, AudioEncoding.Pcmu)) >= 10, "ten relayed packets");
        var relayed = packets.Where(x => !IsSilence(x.Payload, AudioEncoding.Pcmu)).ToList();
        var stats = bridge.Stats;
        TestContext.Out.WriteLine($"relay delay p50 {stats.Delay.P50Microseconds:F0} µs, p99 {stats.Delay.P99Microseconds:F0} µs over {stats.Delay.Count} packets");
        Assert.Multiple(() =>
        {
            Assert.That(relayed.Select(x => x.Payload), Is.EqualTo(payloads), "payloads copied as they are, in order");
            Assert.That(packets.Select(x => x.Header.Ssrc).Distinct(), Is.EqualTo(new[] { ownSsrc }), "one SSRC: the agent leg's own");
            Assert.That(packets.Zip(packets.Skip(1), (x, y) => (ushort)(y.Header.SequenceNumber - x.Header.SequenceNumber)).Distinct(), Is.EqualTo(new[] { (ushort)1 }),
                "sequence numbers continue what the leg sent before");
            Assert.That(relayed.Zip(relayed.Skip(1), (x, y) => y.Header.Timestamp - x.Header.Timestamp).Distinct(), Is.EqualTo(new[] { 160u }));
            Assert.That((int)(relayed[0].Header.Timestamp - packets[packets.IndexOf(relayed[0]) - 1].Header.Timestamp), Is.InRange(1, 8000),
                "timestamps continue forwards from the leg's last packet");
            Assert.That(relayed[0].Header.Marker, Is.True, "the first relayed packet starts a talk spurt");
            Assert.That(relayed.Skip(1).Select(x => x.Header.Marker), Is.All.False);
            Assert.That(relayed.Select(x => x.Header.PayloadType), Is.All.EqualTo(0));
            Assert.That(stats.RelayedAToB, Is.EqualTo(10));
            Assert.That(stats.Transcoded, Is.Zero);
            Assert.That(stats.Delay.Count, Is.EqualTo(10));
            Assert.That(stats.Delay.P99Microseconds, Is.GreaterThan(0));
            Assert.That(RtpBridge.Totals.PacketsRelayed, Is.GreaterThanOrEqualTo(10));
        });
    }

    [Test]
    public async Task Pcmu_to_pcma_is_transcoded_and_keeps_frequency_and_level()
    {
        await using var a = Leg(_caller, AudioEncoding.Pcmu);
        await using var b = Leg(_agent, AudioEncoding.Pcma);
        a.Start();
        b.Start();
        await using var bridge = RtpBridge.Connect(a, b);
        var sine = Sine(1000, 8000 * 1);
        var encoded = new byte[sine.Length];
        G711.Encode(AudioEncoding.Pcmu, sine, encoded);
        SendCallerAudio(a, Packetize(encoded, 160), 0);

        var relayed = _agent.WaitFor(p => p.Count(x => !IsSilence(x.Payload, AudioEncoding.Pcma)) >= 50, "a second of relayed audio")
            .Where(x => !IsSilence(x.Payload, AudioEncoding.Pcma)).ToList();
        var pcm = new short[relayed.Sum(x => x.Payload.Length)];
        var offset = 0;
        foreach (var (_, payload) in relayed)
        {
            G711.Decode(AudioEncoding.Pcma, payload, pcm.AsSpan(offset, payload.Length));
            offset += payload.Length;
        }

        AssertTone(pcm, 1000, 8000, Dft.MeanSquare(sine), toleranceDb: 0.5);
        Assert.Multiple(() =>
        {
            Assert.That(relayed.Select(x => x.Header.PayloadType), Is.All.EqualTo(8));
            Assert.That(relayed.Select(x => x.Payload.Length), Is.All.EqualTo(160));
            Assert.That(bridge.Stats.Transcoded, Is.EqualTo(50));
        });
    }

    [Test]
    public async Task Pcmu_to_g722_is_upsampled_and_keeps_frequency_and_level()
    {
        await using var a = Leg(_caller, AudioEncoding.Pcmu);
        await using var b = Leg(_agent, AudioEncoding.G722);
        a.Start();
        b.Start();
        var before = _agent.WaitFor(p => p.Count >= 2, "the G.722 leg's own silence").Count;
        await using var bridge = RtpBridge.Connect(a, b);
        var sine = Sine(1000, 8000 * 1);
        var encoded = new byte[sine.Length];
        G711.Encode(AudioEncoding.Pcmu, sine, encoded);
        SendCallerAudio(a, Packetize(encoded, 160), 0);

        var packets = _agent.WaitFor(p => bridge.Stats.RelayedAToB >= 50 && p.Count >= before + 50, "a second of relayed audio");

        // The leg's own stream starts with a marker; the relayed audio starts the second talk spurt.
        var relayedOnly = packets.Skip(packets.FindLastIndex(x => x.Header.Marker)).Take(50).ToList();
        var decoder = new G722Decoder();
        var pcm16k = new short[relayedOnly.Sum(x => 2 * x.Payload.Length)];
        var offset = 0;
        foreach (var (_, payload) in relayedOnly)
        {
            offset += decoder.Decode(payload, pcm16k.AsSpan(offset));
        }

        AssertTone(pcm16k, 1000, 16000, Dft.MeanSquare(sine), toleranceDb: 1.5);
        Assert.Multiple(() =>
        {
            Assert.That(relayedOnly.Select(x => x.Header.PayloadType), Is.All.EqualTo(G722Codec.PayloadType));
            Assert.That(relayedOnly.Select(x => x.Payload.Length), Is.All.EqualTo(160), "20 ms of G.722 is 160 bytes (8 kHz RTP clock)");
            Assert.That(relayedOnly.Zip(relayedOnly.Skip(1), (x, y) => y.Header.Timestamp - x.Header.Timestamp).Distinct(), Is.EqualTo(new[] { 160u }));
        });
    }

    [Test]
    public async Task G722_to_pcmu_is_downsampled_and_keeps_frequency_and_level()
    {
        await using var a = Leg(_caller, AudioEncoding.G722);
        await using var b = Leg(_agent, AudioEncoding.Pcmu);
        a.Start();
        b.Start();
        await using var bridge = RtpBridge.Connect(a, b);
        var sine = Sine(1000, 16000, rate: 16000);
        var encoded = new byte[G722Codec.EncodedLength(sine.Length)];
        new G722Encoder().Encode(sine, encoded);
        SendCallerAudio(a, Packetize(encoded, 160), G722Codec.PayloadType);

        var relayed = _agent.WaitFor(p => p.Count(x => !IsSilence(x.Payload, AudioEncoding.Pcmu)) >= 50, "a second of relayed audio")
            .Where(x => !IsSilence(x.Payload, AudioEncoding.Pcmu)).ToList();
        var pcm = new short[relayed.Sum(x => x.Payload.Length)];
        var offset = 0;
        foreach (var (_, payload) in relayed)
        {
            G711.Decode(AudioEncoding.Pcmu, payload, pcm.AsSpan(offset, payload.Length));
            offset += payload.Length;
        }

        AssertTone(pcm, 1000, 8000, Dft.MeanSquare(sine), toleranceDb: 1.5);
        Assert.That(relayed.Select(x => x.Payload.Length), Is.All.EqualTo(160));
    }

    [Test]
    public async Task The_receiving_legs_sent_tap_hears_the_relayed_audio()
    {
        await using var a = Leg(_caller, AudioEncoding.Pcmu);
        await using var b = Leg(_agent, AudioEncoding.Pcma);
        a.Start();
        b.Start();
        using var tap = b.Subscribe(Media.Taps.TapDirection.Sent, 16000, capacityFrames: 200);
        await using var bridge = RtpBridge.Connect(a, b);
        var sine = Sine(800, 8000);
        var encoded = new byte[sine.Length];
        G711.Encode(AudioEncoding.Pcmu, sine, encoded);
        SendCallerAudio(a, Packetize(encoded, 160), 0);
        _agent.WaitFor(_ => bridge.Stats.RelayedAToB >= 50, "a second relayed");

        var frames = new List<short>();
        var frame = new short[320];
        while (tap.TryRead(frame, out _))
        {
            frames.AddRange(frame);
        }

        var loud = frames.Chunk(320).Where(f => Dft.MeanSquare(f) > 1e6).SelectMany(f => f).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(loud.Length, Is.InRange(40 * 320, 51 * 320), "the relayed second, in 20 ms frames at 16 kHz");
            Assert.That(Dft.Power(loud, 800, 16000) / Dft.MeanSquare(loud), Is.GreaterThan(0.9));
        });
    }

    [Test]
    public async Task A_recorded_leg_records_what_the_bridge_sends_it()
    {
        var folder = Path.Combine(Path.GetTempPath(), "bridge-rec-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var recorder = new Media.Recording.CallRecorder(Path.Combine(folder, "agent.wav"));
            await using var a = Leg(_caller, AudioEncoding.Pcmu);
            var b = Leg(_agent, AudioEncoding.Pcma);
            b.Recorder = recorder;
            a.Start();
            b.Start();
            await using (var bridge = RtpBridge.Connect(a, b))
            {
                var sine = Sine(800, 8000);
                var encoded = new byte[sine.Length];
                G711.Encode(AudioEncoding.Pcmu, sine, encoded);
                SendCallerAudio(a, Packetize(encoded, 160), 0);
                _agent.WaitFor(_ => bridge.Stats.RelayedAToB >= 50, "a second relayed");
            }

            await b.DisposeAsync();
            var bytes = await File.ReadAllBytesAsync((await recorder.FinishAsync())!);
            var right = new short[(bytes.Length - 44) / 4];
            for (var i = 0; i < right.Length; i++)
            {
                right[i] = System.Buffers.Binary.BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(44 + (4 * i) + 2));
            }

            var loud = right.Chunk(160).Where(f => Dft.MeanSquare(f) > 1e6).SelectMany(f => f).ToArray();
            Assert.Multiple(() =>
            {
                Assert.That(loud.Length, Is.InRange(49 * 160, 51 * 160), "the relayed second, laid end to end on our side's channel");
                Assert.That(Dft.Power(loud, 800) / Dft.MeanSquare(loud), Is.GreaterThan(0.95));
            });
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The middle of <paramref name="pcm"/> (codec and filter start-up left out) is a tone at <paramref name="hz"/> of the expected power.</summary>
    private static void AssertTone(short[] pcm, double hz, int rate, double expectedMeanSquare, double toleranceDb)
    {
        var middle = pcm[(pcm.Length / 4)..(3 * pcm.Length / 4)];
        var atTone = Dft.Power(middle, hz, rate);
        var total = Dft.MeanSquare(middle);
        var levelDb = 10 * Math.Log10(total / expectedMeanSquare);
        Assert.Multiple(() =>
        {
            Assert.That(atTone / total, Is.GreaterThan(0.95), $"the energy is at {hz} Hz");
            Assert.That(Dft.Power(middle, hz * 1.5, rate) / total, Is.LessThan(0.01), "and not elsewhere");
            Assert.That(levelDb, Is.InRange(-toleranceDb, toleranceDb), "at the level sent in");
        });
    }

    [Test]
    public async Task Twenty_ms_packets_are_repacketized_to_the_receivers_thirty_ms()
    {
        await using var a = Leg(_caller, AudioEncoding.Pcmu);
        await using var b = Leg(_agent, AudioEncoding.Pcmu, ptime: 30);
        a.Start();
        b.Start();
        await using var bridge = RtpBridge.Connect(a, b);
        var data = Enumerable.Range(0, 9 * 160).Select(i => (byte)(i % 251)).ToArray();
        SendCallerAudio(a, Packetize(data, 160), 0);

        var relayed = _agent.WaitFor(p => p.Count(x => !IsSilence(x.Payload, AudioEncoding.Pcmu)) >= 6, "six 30 ms packets")
            .Where(x => !IsSilence(x.Payload, AudioEncoding.Pcmu)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(relayed.Select(x => x.Payload.Length), Is.All.EqualTo(240));
            Assert.That(relayed.SelectMany(x => x.Payload).ToArray(), Is.EqualTo(data), "the same bytes, cut at 30 ms");
            Assert.That(relayed.Zip(relayed.Skip(1), (x, y) => y.Header.Timestamp - x.Header.Timestamp).Distinct(), Is.EqualTo(new[] { 240u }));
            Assert.That(bridge.Stats.RelayedAToB, Is.EqualTo(6));
        });
    }

    /// <summary>An RFC 4733 key press as a phone sends it: start, updates every 20 ms, three end packets, all stamped with the start.</summary>
    private void SendKeyPress(RtpSession to, byte eventCode, int durationTicks, ushort sequence, uint timestamp, int payloadType = 101)
    {
        var payload = new byte[4];
        var packets = 0;
        for (var duration = 160; duration <= durationTicks; duration += 160)
        {
            Dtmf.Rfc4733Encoder.Write(payload, eventCode, end: false, volume: 10, (ushort)duration);
            _caller.Send(to, payloadType, sequence++, timestamp, payload, marker: packets++ == 0);
        }

        for (var i = 0; i < 3; i++)
        {
            Dtmf.Rfc4733Encoder.Write(payload, eventCode, end: true, volume: 10, (ushort)durationTicks);
            _caller.Send(to, payloadType, sequence++, timestamp, payload);
        }
    }

    [Test]
    public async Task Rfc4733_goes_on_as_events_with_the_receivers_payload_type_and_reaches_the_arriving_session()
    {
        await using var a = Leg(_caller, AudioEncoding.Pcmu, telephoneEvent: 101);
        await using var b = Leg(_agent, AudioEncoding.Pcmu, telephoneEvent: 96);
        a.Start();
        b.Start();
        await using var bridge = RtpBridge.Connect(a, b);
        SendKeyPress(a, 5, 800, 2000, 90_000);

        var events = _agent.WaitFor(p => p.Count(x => x.Header.PayloadType == 96) >= 8, "the key press's eight packets")
            .Where(x => x.Header.PayloadType == 96).ToList();
        var digit = await a.Digits.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Multiple(() =>
        {
            Assert.That(digit.Digit, Is.EqualTo('5'), "the arriving session still reports the digit");
            Assert.That(events.Select(x => x.Payload[0]), Is.All.EqualTo(5));
            Assert.That(events.Select(x => x.Header.Timestamp).Distinct().Count(), Is.EqualTo(1), "all stamped with the event's start");
            Assert.That(events[0].Header.Marker, Is.True);
            Assert.That(events.Select(x => (x.Payload[2] << 8) | x.Payload[3]), Is.EqualTo(new[] { 160, 320, 480, 640, 800, 800, 800, 800 }));
            Assert.That(bridge.Stats.DigitsRelayed, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Rfc4733_to_a_leg_without_telephone_event_becomes_in_band_tones()
    {
        await using var a = Leg(_caller, AudioEncoding.Pcmu, telephoneEvent: 101);
        await using var b = Leg(_agent, AudioEncoding.Pcma, telephoneEvent: null);
        a.Start();
        b.Start();
        await using var bridge = RtpBridge.Connect(a, b);
        SendKeyPress(a, 7, 1600, 3000, 120_000);

        var audio = _agent.WaitFor(p => p.Count(x => x.Header.PayloadType == 8 && !IsSilence(x.Payload, AudioEncoding.Pcma)) >= 10, "200 ms of tones")
            .Where(x => x.Header.PayloadType == 8 && !IsSilence(x.Payload, AudioEncoding.Pcma)).ToList();
        var detector = new GoertzelDtmfDetector();
        var heard = new List<char>();
        detector.DigitStarted += d => heard.Add(d.Digit);
        var pcm = new short[160];
        foreach (var (_, payload) in audio)
        {
            G711.Decode(AudioEncoding.Pcma, payload, pcm);
            detector.Process(pcm);
        }

        detector.Process(new short[800]);
        var digit = await a.Digits.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Multiple(() =>
        {
            Assert.That(heard, Is.EqualTo(new[] { '7' }), "the far end's detector hears one 7");
            Assert.That(digit.Digit, Is.EqualTo('7'), "the arriving session still reports the digit");
            Assert.That(audio.Select(x => x.Payload.Length), Is.All.EqualTo(160));
            Assert.That(bridge.Stats.DigitsRelayed, Is.EqualTo(1));
            Assert.That(_agent.Received.Any(x => x.Header.PayloadType is 96 or 101), Is.False, "no events to a leg that did not negotiate them");
        });
    }

    [Test]
    public async Task Disposing_the_bridge_resumes_the_legs_playout()
    {
        await using var a = Leg(_caller, AudioEncoding.Pcmu);
        await using var b = Leg(_agent, AudioEncoding.Pcmu);
        a.Start();
        b.Start();
        var bridge = RtpBridge.Connect(a, b);
        var prompt = EncodedAudio.FromPcm(Enumerable.Repeat((short)3000, 8000).ToArray(), AudioEncoding.Pcmu);
        var promptByte = prompt.Data[0];
        var playing = b.PlayAsync(prompt);
        SendCallerAudio(a, Packetize(Enumerable.Repeat((byte)0x42, 5 * 160).ToArray(), 160), 0);
        _agent.WaitFor(p => p.Count(x => x.Payload[0] == 0x42) >= 5, "relayed audio");
        await Task.Delay(200);
        Assert.That(_agent.Received.Any(x => x.Payload.All(v => v == promptByte)), Is.False, "the leg's prompt waits while bridged");

        await bridge.DisposeAsync();
        var packets = _agent.WaitFor(p => p.Count(x => x.Payload.All(v => v == promptByte)) >= 5, "the prompt after the bridge let go");
        var firstPrompt = packets.FindIndex(x => x.Payload.All(v => v == promptByte));
        var lastRelayed = packets.FindLastIndex(x => x.Payload[0] == 0x42);
        Assert.Multiple(() =>
        {
            Assert.That(firstPrompt, Is.GreaterThan(lastRelayed));
            Assert.That(packets.Select(x => x.Header.Ssrc).Distinct().Count(), Is.EqualTo(1));
            Assert.That(packets.Zip(packets.Skip(1), (x, y) => (ushort)(y.Header.SequenceNumber - x.Header.SequenceNumber)).Distinct(), Is.EqualTo(new[] { (ushort)1 }));
            Assert.That((int)(packets[firstPrompt].Header.Timestamp - packets[lastRelayed].Header.Timestamp), Is.GreaterThan(0), "the timestamp moves on");
            Assert.That(packets[lastRelayed + 1].Header.Marker, Is.True, "the playout's first packet marks the change");
        });
        b.StopPlayback();
        Assert.That(await playing.WaitAsync(TimeSpan.FromSeconds(5)), Is.EqualTo(PlaybackResult.Stopped));
    }

    [Test]
    public async Task A_leg_on_hold_drops_what_is_relayed_to_it()
    {
        await using var a = Leg(_caller, AudioEncoding.Pcmu);
        await using var b = Leg(_agent, AudioEncoding.Pcmu);
        a.Start();
        b.Start();
        await using var bridge = RtpBridge.Connect(a, b);
        b.UpdateRemote(_agent.EndPoint, send: false);
        await Task.Delay(100);
        var count = _agent.Received.Count;
        SendCallerAudio(a, Packetize(Enumerable.Repeat((byte)0x42, 5 * 160).ToArray(), 160), 0);
        var deadline = Environment.TickCount64 + 10000;
        while (bridge.Stats.Dropped < 5 && Environment.TickCount64 < deadline)
        {
            await Task.Delay(10);
        }

        Assert.Multiple(() =>
        {
            Assert.That(bridge.Stats.Dropped, Is.EqualTo(5));
            Assert.That(bridge.Stats.RelayedAToB, Is.Zero);
            Assert.That(_agent.Received.Skip(count).Any(x => x.Payload[0] == 0x42), Is.False);
        });
    }

    [Test]
    public async Task Comfort_noise_goes_on_only_to_a_leg_that_negotiated_it()
    {
        await using var a = Leg(_caller, AudioEncoding.Pcmu, comfortNoise: 13);
        await using var b = Leg(_agent, AudioEncoding.Pcmu, comfortNoise: 13);
        using var third = new RtpPeer();
        await using var c = Leg(third, AudioEncoding.Pcmu);
        a.Start();
        b.Start();
        c.Start();
        await using (var toB = RtpBridge.Connect(a, b))
        {
            _caller.Send(a, 13, 10, 1000, [40], marker: true);
            _agent.WaitFor(p => p.Any(x => x.Header.PayloadType == 13 && x.Payload.SequenceEqual(new byte[] { 40 })), "comfort noise passed on");
        }

        await using var toC = RtpBridge.Connect(a, c);
        _caller.Send(a, 13, 11, 1160, [41]);
        var deadline = Environment.TickCount64 + 10000;
        while (toC.Stats.Dropped < 1 && Environment.TickCount64 < deadline)
        {
            await Task.Delay(10);
        }

        Assert.Multiple(() =>
        {
            Assert.That(toC.Stats.Dropped, Is.EqualTo(1));
            Assert.That(third.Received.Any(x => x.Header.PayloadType == 13), Is.False);
        });
    }

    [Test]
    public async Task A_leg_cannot_be_in_two_bridges()
    {
        await using var a = Leg(_caller, AudioEncoding.Pcmu);
        await using var b = Leg(_agent, AudioEncoding.Pcmu);
        await using var bridge = RtpBridge.Connect(a, b);
        Assert.Multiple(() =>
        {
            Assert.Throws<InvalidOperationException>(() => RtpBridge.Connect(b, a));
            Assert.Throws<ArgumentException>(() => RtpBridge.Connect(a, a));
        });
    }
}
