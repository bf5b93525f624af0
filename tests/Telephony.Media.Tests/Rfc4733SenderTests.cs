using System.Net;
using System.Net.Sockets;
using Telephony.Media.Clock;
using Telephony.Media.Codecs;
using Telephony.Media.Rtp;

namespace Telephony.Media.Tests;

/// <summary>Our RFC 4733 sender: its packets on the wire, and our own receiver decoding them.</summary>
[NonParallelizable]
public class Rfc4733SenderTests
{
    private MediaClock _clock = null!;

    [SetUp]
    public void SetUp() => _clock = new MediaClock();

    [TearDown]
    public void TearDown() => _clock.Dispose();

    private RtpSession Session(IPEndPoint remote, int? telephoneEvent = 101) => new(new RtpSessionOptions
    {
        LocalAddress = IPAddress.Loopback,
        RemoteEndPoint = remote,
        Encoding = AudioEncoding.Pcmu,
        PayloadType = 0,
        TelephoneEventPayloadType = telephoneEvent,
    }, _clock);

    [Test]
    public async Task A_key_press_is_start_updates_and_three_end_packets_with_one_timestamp()
    {
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        peer.ReceiveTimeout = 2000;
        await using var session = Session((IPEndPoint)peer.LocalEndPoint!);
        session.Start();

        var sending = session.SendDigitAsync('7', TimeSpan.FromMilliseconds(100));
        var events = new List<(RtpHeader Header, byte[] Payload)>();
        var buffer = new byte[2048];
        while (events.Count < 7)
        {
            var n = peer.Receive(buffer);
            RtpHeader.TryRead(buffer.AsSpan(0, n), out var header, out var offset, out var length);
            if (header.PayloadType == 101)
            {
                events.Add((header, buffer.AsSpan(offset, length).ToArray()));
            }
        }

        await sending.WaitAsync(TimeSpan.FromSeconds(2));
        Assert.Multiple(() =>
        {
            Assert.That(events.Select(e => e.Payload[0]), Is.All.EqualTo(7));
            Assert.That(events[0].Header.Marker, Is.True, "the start of the event carries the marker");
            Assert.That(events.Skip(1).Select(e => e.Header.Marker), Is.All.False);
            Assert.That(events.Select(e => e.Header.Timestamp).Distinct().Count(), Is.EqualTo(1));
            Assert.That(events.Select(e => (e.Payload[2] << 8) | e.Payload[3]), Is.EqualTo(new[] { 160, 320, 480, 640, 800, 800, 800 }));
            Assert.That(events.Select(e => (e.Payload[1] & 0x80) != 0), Is.EqualTo(new[] { false, false, false, false, true, true, true }));
            Assert.That(events.Zip(events.Skip(1)).Select(p => (ushort)(p.Second.Header.SequenceNumber - p.First.Header.SequenceNumber)), Is.All.EqualTo(1));
        });
    }

    [TestCase(101)]
    [TestCase(null)]
    public async Task Our_receiver_hears_exactly_the_keys_our_sender_sends(int? telephoneEvent)
    {
        var listenerPort = new IPEndPoint(IPAddress.Loopback, 9);
        await using var receiver = Session(listenerPort, telephoneEvent);
        await using var sender = Session(new IPEndPoint(IPAddress.Loopback, receiver.BoundPort), telephoneEvent);
        receiver.Start();
        sender.Start();

        foreach (var key in "159#*D")
        {
            await sender.SendDigitAsync(key, TimeSpan.FromMilliseconds(80)).WaitAsync(TimeSpan.FromSeconds(3));
            await Task.Delay(60);
        }

        await Task.Delay(200);
        var heard = string.Empty;
        while (receiver.Digits.TryRead(out var digit))
        {
            heard += digit.Digit;
        }

        Assert.That(heard, Is.EqualTo("159#*D"), telephoneEvent is null ? "in-band tones" : "RFC 4733");
    }
}
