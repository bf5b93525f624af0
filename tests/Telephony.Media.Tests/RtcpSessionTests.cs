using System.Net;
using System.Net.Sockets;
using Telephony.Media.Clock;
using Telephony.Media.Codecs;
using Telephony.Media.Rtp;

namespace Telephony.Media.Tests;

/// <summary>Two RTP sessions on loopback exchanging RTCP on port + 1: reports both ways, round-trip time, malformed input counted.</summary>
[NonParallelizable]
public class RtcpSessionTests
{
    [Test]
    public async Task Reports_flow_both_ways_and_give_a_round_trip_time()
    {
        using var clock = new MediaClock();
        RtpSession Session(IPEndPoint remote) => new(new RtpSessionOptions
        {
            LocalAddress = IPAddress.Loopback,
            RemoteEndPoint = remote,
            Encoding = AudioEncoding.Pcmu,
            PayloadType = 0,
            TelephoneEventPayloadType = 101,
            RtcpInterval = TimeSpan.FromMilliseconds(300),
        }, clock);

        await using var a = Session(new IPEndPoint(IPAddress.Loopback, 9));
        await using var b = Session(new IPEndPoint(IPAddress.Loopback, a.BoundPort));
        a.UpdateRemote(new IPEndPoint(IPAddress.Loopback, b.BoundPort), send: true);
        a.Start();
        b.Start();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while ((a.Stats.RoundTrip is null || b.Stats.RoundTrip is null) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        // RTCP opens with the first report; then garbage at it is counted, not believed.
        using var garbage = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        garbage.SendTo(new byte[] { 0x80, 200, 0, 9, 1, 2 }, new IPEndPoint(IPAddress.Loopback, a.BoundPort + 1));
        await Task.Delay(200);

        Assert.Multiple(() =>
        {
            Assert.That(a.Stats.RtcpSent, Is.GreaterThan(0));
            Assert.That(b.Stats.RtcpReceived, Is.GreaterThan(0));
            Assert.That(a.Stats.RoundTrip, Is.Not.Null.And.LessThan(TimeSpan.FromMilliseconds(50)), "loopback: the round trip is tiny");
            Assert.That(b.Stats.RoundTrip, Is.Not.Null.And.LessThan(TimeSpan.FromMilliseconds(50)));
            Assert.That(a.Stats.RtcpMalformed, Is.EqualTo(1));
        });
    }
}
