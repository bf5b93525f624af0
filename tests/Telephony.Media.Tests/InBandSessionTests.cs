using System.Net;
using System.Net.Sockets;
using Telephony.Media.Clock;
using Telephony.Media.Codecs;
using Telephony.Media.Rtp;
using Telephony.Media.Tones;

namespace Telephony.Media.Tests;

/// <summary>In-band DTMF in a live session: used only when the SDP has no telephone-event.</summary>
[NonParallelizable]
public class InBandSessionTests
{
    private MediaClock _clock = null!;

    [SetUp]
    public void SetUp() => _clock = new MediaClock();

    [TearDown]
    public void TearDown() => _clock.Dispose();

    /// <summary>Packets of <paramref name="encoding"/> audio carrying the keys as tones (80 ms each, 80 ms apart).</summary>
    internal static List<byte[]> TonePackets(string keys, AudioEncoding encoding, int payloadType)
    {
        var pcm = new List<short>();
        foreach (var key in keys)
        {
            var rate = encoding == AudioEncoding.G722 ? 16000 : 8000;
            var buffer = new short[rate * 80 / 1000];
            new ToneGenerator(ToneSpec.Dtmf(key, 80), rate).Read(buffer);
            pcm.AddRange(buffer);
            pcm.AddRange(new short[buffer.Length]);
        }

        var encoded = encoding == AudioEncoding.G722 ? EncodedAudio.FromPcm16k([.. pcm]) : EncodedAudio.FromPcm([.. pcm], encoding);
        var packets = new List<byte[]>();
        for (var i = 0; i + 160 <= encoded.Data.Length; i += 160)
        {
            var packet = new byte[12 + 160];
            new RtpHeader(i == 0, (byte)payloadType, (ushort)(i / 160), (uint)i, 77).TryWrite(packet, out _);
            encoded.Data.AsSpan(i, 160).CopyTo(packet.AsSpan(12));
            packets.Add(packet);
        }

        return packets;
    }

    private async Task<string> DigitsHeard(AudioEncoding encoding, int payloadType, int? telephoneEvent, string keys)
    {
        await using var session = new RtpSession(new RtpSessionOptions
        {
            LocalAddress = IPAddress.Loopback,
            RemoteEndPoint = new IPEndPoint(IPAddress.Loopback, 9),
            Encoding = encoding,
            PayloadType = payloadType,
            TelephoneEventPayloadType = telephoneEvent,
        }, _clock);
        session.Start();
        using var caller = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        caller.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        // Real time on absolute deadlines: the caller's audio plays out through a jitter buffer.
        await Rtp.CallerAudioSessionTests.SendPaced(caller, session.BoundPort, TonePackets(keys, encoding, payloadType).Select((p, k) => (20.0 * k, p)));

        await Task.Delay(300);
        var heard = string.Empty;
        while (session.Digits.TryRead(out var digit))
        {
            heard += digit.Digit;
        }

        return heard;
    }

    [TestCase(AudioEncoding.Pcmu, 0)]
    [TestCase(AudioEncoding.Pcma, 8)]
    [TestCase(AudioEncoding.G722, 9)]
    public async Task Tones_in_the_audio_become_digits_when_no_telephone_event_was_negotiated(AudioEncoding encoding, int pt) =>
        Assert.That(await DigitsHeard(encoding, pt, telephoneEvent: null, "4#7"), Is.EqualTo("4#7"));

    [Test]
    public async Task With_telephone_event_negotiated_tones_are_left_alone() =>
        Assert.That(await DigitsHeard(AudioEncoding.Pcmu, 0, telephoneEvent: 101, "4#7"), Is.Empty);

    /// <summary>The detector follows what Configure settled (the SDP answer), not the options the session was bound with.</summary>
    [TestCase(null, 101, "")]
    [TestCase(101, null, "4#7")]
    public async Task The_detector_is_set_up_for_the_configured_stream(int? boundWith, int? configuredWith, string expected)
    {
        await using var session = new RtpSession(new RtpSessionOptions
        {
            LocalAddress = IPAddress.Loopback,
            RemoteEndPoint = new IPEndPoint(IPAddress.Loopback, 9),
            TelephoneEventPayloadType = boundWith,
        }, _clock);
        using var caller = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        caller.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        session.Configure(new IPEndPoint(IPAddress.Loopback, ((IPEndPoint)caller.LocalEndPoint!).Port), AudioEncoding.Pcmu, 0, configuredWith, 20);
        session.Start();
        await Rtp.CallerAudioSessionTests.SendPaced(caller, session.BoundPort, TonePackets("4#7", AudioEncoding.Pcmu, 0).Select((p, k) => (20.0 * k, p)));

        await Task.Delay(300);
        var heard = string.Empty;
        while (session.Digits.TryRead(out var digit))
        {
            heard += digit.Digit;
        }

        Assert.That(heard, Is.EqualTo(expected));
    }

    [Test]
    public void A_receiver_for_telephone_event_has_no_tone_detector()
    {
        var statistics = new Telephony.Media.Rtcp.RtpReceiverStatistics();
        var options = new RtpSessionOptions { RemoteEndPoint = new IPEndPoint(IPAddress.Loopback, 9) };
        Assert.Multiple(() =>
        {
            Assert.That(new RtpReceiver(options with { TelephoneEventPayloadType = 101 }, statistics, _ => { }).DetectsInBandDigits, Is.False);
            Assert.That(new RtpReceiver(options, statistics, _ => { }).DetectsInBandDigits, Is.True);
        });
    }
}
