using System.Net;
using System.Net.Sockets;
using Telephony.Media.Clock;
using Telephony.Media.Codecs;
using Telephony.Media.Rtp;

namespace Telephony.Media.Tests;

/// <summary>Strict RTP, payload-type filtering and the RTP timeout of one session on loopback.</summary>
[NonParallelizable]
public class StrictRtpTests
{
    private MediaClock _clock = null!;

    [SetUp]
    public void SetUp() => _clock = new MediaClock();

    [TearDown]
    public void TearDown() => _clock.Dispose();

    private RtpSession NewSession(TimeSpan? timeout = null) =>
        new(new RtpSessionOptions
        {
            LocalAddress = IPAddress.Loopback,
            RemoteEndPoint = new IPEndPoint(IPAddress.Loopback, 9),
            Encoding = AudioEncoding.Pcmu,
            PayloadType = 0,
            TelephoneEventPayloadType = 101,
            RtpTimeout = timeout,
        }, _clock);

    private static Socket Peer()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private static byte[] Audio(ushort seq, uint ssrc, byte pt = 0)
    {
        var packet = new byte[12 + 160];
        new RtpHeader(false, pt, seq, seq * 160u, ssrc).TryWrite(packet, out _);
        return packet;
    }

    private static byte[] DigitEnd(ushort seq, uint timestamp)
    {
        var packet = new byte[16];
        new RtpHeader(false, 101, seq, timestamp, 0xBAD).TryWrite(packet, out _);
        packet[12] = 5;
        packet[13] = 0x8A;
        packet[15] = 160;
        return packet;
    }

    [Test]
    public async Task A_second_source_is_never_heard_while_the_latched_one_streams()
    {
        await using var session = NewSession();
        session.Start();
        using var caller = Peer();
        using var injector = Peer();
        var target = new IPEndPoint(IPAddress.Loopback, session.BoundPort);

        ushort seq = 1;
        for (var i = 0; i < 60; i++)
        {
            caller.SendTo(Audio(seq++, 42), target);

            // Ten consecutive end packets of a '5' per round: far beyond the probation count.
            injector.SendTo(DigitEnd((ushort)(1000 + i), 800u * (uint)i), target);
            await Task.Delay(10);
        }

        await Task.Delay(200);
        Assert.Multiple(() =>
        {
            Assert.That(session.Digits.TryRead(out _), Is.False, "the injector's digits are never heard");
            Assert.That(session.Stats.ForeignDropped, Is.EqualTo(60));
            Assert.That(session.Stats.Relatches, Is.Zero);
            Assert.That(session.Stats.LatchedRemote!.Port, Is.EqualTo(((IPEndPoint)caller.LocalEndPoint!).Port));
        });
    }

    [Test]
    public async Task A_new_source_takes_over_after_probation_once_the_old_one_went_silent()
    {
        await using var session = NewSession();
        session.Start();
        using var before = Peer();
        using var after = Peer();
        var target = new IPEndPoint(IPAddress.Loopback, session.BoundPort);
        for (ushort seq = 1; seq <= 5; seq++)
        {
            before.SendTo(Audio(seq, 1), target);
        }

        await Task.Delay(400);

        // The caller's NAT mapping changed: same stream, new port.
        for (ushort seq = 6; seq <= 12; seq++)
        {
            after.SendTo(Audio(seq, 1), target);
            await Task.Delay(5);
        }

        await Task.Delay(100);
        Assert.Multiple(() =>
        {
            Assert.That(session.Stats.Relatches, Is.EqualTo(1));
            Assert.That(session.Stats.LatchedRemote!.Port, Is.EqualTo(((IPEndPoint)after.LocalEndPoint!).Port));
            Assert.That(session.Stats.ForeignDropped, Is.EqualTo(4), "the probation packets are not played");
        });
    }

    [Test]
    public async Task Payload_types_never_negotiated_are_dropped_and_never_latch()
    {
        await using var session = NewSession();
        session.Start();
        using var stranger = Peer();
        using var caller = Peer();
        var target = new IPEndPoint(IPAddress.Loopback, session.BoundPort);

        stranger.SendTo(Audio(1, 7, pt: 18), target);
        await Task.Delay(50);
        caller.SendTo(Audio(1, 8), target);
        await Task.Delay(100);

        Assert.Multiple(() =>
        {
            Assert.That(session.Stats.UnknownPayloadDropped, Is.EqualTo(1));
            Assert.That(session.Stats.LatchedRemote!.Port, Is.EqualTo(((IPEndPoint)caller.LocalEndPoint!).Port));
        });
    }

    [Test]
    public async Task Silence_from_the_caller_raises_the_rtp_timeout_once()
    {
        await using var session = NewSession(TimeSpan.FromMilliseconds(300));
        var fired = 0;
        session.RtpTimeout += () => Interlocked.Increment(ref fired);
        session.Start();

        await Task.Delay(1000);

        Assert.That(fired, Is.EqualTo(1));
    }

    [Test]
    public async Task Flowing_media_or_hold_keeps_the_call_alive()
    {
        await using var streaming = NewSession(TimeSpan.FromMilliseconds(300));
        await using var held = NewSession(TimeSpan.FromMilliseconds(300));
        var fired = 0;
        streaming.RtpTimeout += () => Interlocked.Increment(ref fired);
        held.RtpTimeout += () => Interlocked.Increment(ref fired);
        streaming.Start();
        held.Start();
        held.UpdateRemote(new IPEndPoint(IPAddress.Loopback, 9), send: false);
        using var caller = Peer();
        var target = new IPEndPoint(IPAddress.Loopback, streaming.BoundPort);

        for (ushort seq = 1; seq <= 50; seq++)
        {
            caller.SendTo(Audio(seq, 3), target);
            await Task.Delay(20);
        }

        Assert.That(fired, Is.Zero);
    }
}
