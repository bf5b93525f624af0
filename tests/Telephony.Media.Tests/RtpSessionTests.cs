using System.Net;
using System.Net.Sockets;
using Telephony.Media.Clock;
using Telephony.Media.Codecs;
using Telephony.Media.Rtp;

namespace Telephony.Media.Tests;

/// <summary>An RTP session on loopback, paced by a real media clock, talking to a raw UDP socket.</summary>
[NonParallelizable]
public class RtpSessionTests
{
    private MediaClock _clock = null!;
    private Socket _peer = null!;

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

    private RtpSession NewSession(AudioEncoding encoding = AudioEncoding.Pcma, int pt = 8) =>
        new(new RtpSessionOptions
        {
            LocalAddress = IPAddress.Loopback,
            RemoteEndPoint = (IPEndPoint)_peer.LocalEndPoint!,
            Encoding = encoding,
            PayloadType = pt,
            TelephoneEventPayloadType = 101,
        }, _clock);

    private (RtpHeader Header, byte[] Payload) ReceivePacket()
    {
        var buffer = new byte[2048];
        var n = _peer.Receive(buffer);
        Assert.That(RtpHeader.TryRead(buffer.AsSpan(0, n), out var header, out var offset, out var length), Is.True);
        return (header, buffer.AsSpan(offset, length).ToArray());
    }

    [Test]
    public async Task Plays_audio_in_20_ms_packets_then_silence()
    {
        await using var session = NewSession();
        var pcm = Enumerable.Range(0, 400).Select(i => (short)(i * 50)).ToArray();
        var audio = EncodedAudio.FromPcm(pcm, AudioEncoding.Pcma);
        session.Start();

        var playback = session.PlayAsync(audio);
        var packets = Enumerable.Range(0, 12).Select(_ => ReceivePacket()).ToList();

        Assert.That(await playback.WaitAsync(TimeSpan.FromSeconds(3)), Is.EqualTo(PlaybackResult.Completed));
        var payloads = packets.SelectMany(p => p.Payload).ToArray();
        var start = Array.IndexOf(payloads, audio.Data[1]) - 1;
        Assert.Multiple(() =>
        {
            Assert.That(packets.All(p => p.Payload.Length == 160 && p.Header.PayloadType == 8), Is.True);
            Assert.That(packets.Zip(packets.Skip(1), (a, b) => (ushort)(b.Header.SequenceNumber - a.Header.SequenceNumber)).Distinct(), Is.EqualTo(new[] { (ushort)1 }));
            Assert.That(packets.Zip(packets.Skip(1), (a, b) => b.Header.Timestamp - a.Header.Timestamp).Distinct(), Is.EqualTo(new[] { 160u }));
            Assert.That(start, Is.GreaterThanOrEqualTo(0), "the prompt's audio appears in the stream");
            Assert.That(payloads.AsSpan(start, audio.Data.Length).ToArray(), Is.EqualTo(audio.Data));
            Assert.That(payloads[^160..].All(b => b == 0xD5), Is.True, "silence after the prompt");
        });
    }

    [Test]
    public async Task Stop_ends_playback_at_once_and_a_new_play_replaces_the_old()
    {
        await using var session = NewSession();
        var longAudio = EncodedAudio.FromPcm(new short[8000 * 10], AudioEncoding.Pcma);
        session.Start();

        var first = session.PlayAsync(longAudio);
        var second = session.PlayAsync(longAudio);
        Assert.That(await first.WaitAsync(TimeSpan.FromSeconds(1)), Is.EqualTo(PlaybackResult.Stopped));
        session.StopPlayback();
        Assert.That(await second.WaitAsync(TimeSpan.FromSeconds(1)), Is.EqualTo(PlaybackResult.Stopped));
    }

    [Test]
    public async Task Rfc4733_events_become_one_digit_and_the_stream_latches_to_their_source()
    {
        await using var session = NewSession();
        session.Start();
        using var caller = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        caller.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var target = new IPEndPoint(IPAddress.Loopback, session.BoundPort);

        foreach (var (end, duration, seq) in new[] { (false, 0, 1), (false, 160, 2), (true, 480, 3), (true, 480, 3), (true, 480, 3) })
        {
            var packet = new byte[16];
            new RtpHeader(seq == 1, 101, (ushort)seq, 7777, 42).TryWrite(packet, out _);
            packet[12] = 9;
            packet[13] = (byte)(end ? 0x8A : 0x0A);
            packet[14] = (byte)(duration >> 8);
            packet[15] = (byte)duration;
            caller.SendTo(packet, target);
        }

        caller.SendTo(new byte[] { 1, 2, 3 }, target);
        var digit = await session.Digits.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(2));
        caller.ReceiveTimeout = 2000;
        var buffer = new byte[2048];
        var n = caller.Receive(buffer);

        Assert.Multiple(() =>
        {
            Assert.That(digit.Digit, Is.EqualTo('9'));
            Assert.That(session.Digits.TryRead(out _), Is.False, "one press, one digit");
            Assert.That(n, Is.EqualTo(172), "our stream now goes to where the caller's packets came from");
            Assert.That(session.Stats.LatchedRemote!.Port, Is.EqualTo(((IPEndPoint)caller.LocalEndPoint!).Port));
        });
        await Task.Delay(100);
        Assert.That(session.Stats.MalformedDropped, Is.EqualTo(1));
    }

    [Test]
    public async Task G722_plays_wideband_audio_that_decodes_back_and_silence_between()
    {
        await using var session = NewSession(AudioEncoding.G722, 9);
        var pcm8k = Enumerable.Range(0, 1600).Select(i => (short)(8000 * Math.Sin(2 * Math.PI * 440 * i / 8000))).ToArray();
        var audio = EncodedAudio.FromPcm(pcm8k, AudioEncoding.G722);
        session.Start();

        _ = session.PlayAsync(audio);
        var packets = Enumerable.Range(0, 14).Select(_ => ReceivePacket()).ToList();
        var decoder = new Telephony.Media.Codecs.G722.G722Decoder();
        var decoded = new short[320 * 10];
        for (var i = 0; i < 10; i++)
        {
            decoder.Decode(packets[i].Payload, decoded.AsSpan(i * 320, 320));
        }

        // A 440 Hz tone at 16 kHz: about 36.4 samples per period; count zero crossings over the middle.
        var crossings = 0;
        for (var i = 1000; i < 3000; i++)
        {
            if ((decoded[i - 1] < 0) != (decoded[i] < 0))
            {
                crossings++;
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(packets.All(p => p.Header.PayloadType == 9 && p.Payload.Length == 160), Is.True, "20 ms of G.722 is 160 bytes");
            Assert.That(audio.Duration, Is.EqualTo(TimeSpan.FromMilliseconds(200)));
            Assert.That(crossings, Is.InRange(105, 115), "2000 samples of 440 Hz at 16 kHz cross zero 110 times");
            Assert.That(packets[13].Header.Timestamp - packets[12].Header.Timestamp, Is.EqualTo(160u), "the RTP clock stays 8000 Hz");
        });
    }

    [Test]
    public async Task Thirty_ms_ptime_sends_240_byte_packets()
    {
        await using var session = new RtpSession(new RtpSessionOptions
        {
            LocalAddress = IPAddress.Loopback,
            RemoteEndPoint = (IPEndPoint)_peer.LocalEndPoint!,
            Encoding = AudioEncoding.Pcmu,
            PayloadType = 0,
            PtimeMs = 30,
        }, _clock);
        session.Start();

        var (header, payload) = ReceivePacket();

        Assert.That((header.PayloadType, payload.Length), Is.EqualTo((0, 240)));
    }

    [Test]
    public async Task Dispose_cancels_playback_and_unregisters_from_the_clock()
    {
        var session = NewSession();
        session.Start();
        var playback = session.PlayAsync(EncodedAudio.FromPcm(new short[80000], AudioEncoding.Pcma));

        await session.DisposeAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(await playback, Is.EqualTo(PlaybackResult.Cancelled));
            Assert.That(_clock.ListenerCount, Is.Zero);
        });
    }
}
