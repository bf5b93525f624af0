using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Telephony.Sip.Messages;

namespace Telephony.Sip.Tests;

/// <summary>
/// What one unauthenticated INVITE can make us send (docs/security.md, "Amplification"): answered,
/// never ACKed, our BYE never answered. RFC 3261 §13.3.1.4 retransmits the 200 OK for 64·T1, then
/// the BYE ends the dialog: from then on only the BYE's own retransmissions may follow.
/// </summary>
public class AmplificationTests
{
    /// <summary>The bound docs/security.md gives with the default timers (T1 500 ms, T2 4 s): 100 Trying, 11 × 200 OK, 11 × BYE.</summary>
    private const int MaxMessages = 23;

    /// <summary>Bytes sent per byte of the INVITE, as docs/security.md gives it.</summary>
    private const double MaxByteFactor = 21;

    [Test]
    public void An_invite_never_acked_whose_bye_is_never_answered_gets_a_bounded_reply_and_no_200_after_the_bye()
    {
        var time = new FakeTimeProvider();
        using var stack = new SipStack(new SipStackOptions { BindAddress = IPAddress.Loopback, Port = 0, EnableTcp = false }, time);
        stack.CallHandler = new AcceptingHandler();
        stack.Start();
        using var peer = new UdpTestPeer(stack.UdpEndPoint!);
        var invite = Encoding.ASCII.GetBytes(SipTestMessages.Invite(peer.Port));
        peer.Send(invite);
        var trying = peer.ReceiveDatagram() ?? throw new AssertionException("no 100 Trying");
        var received = new List<string> { "100" };
        var bytes = trying.Length;

        // 64·T1 of 200 OK retransmissions, then 64·T1 of BYE retransmissions, and some quiet after.
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromSeconds(70); elapsed += TimeSpan.FromMilliseconds(100))
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            while (peer.ReceiveDatagram(received.Count < 2 ? 1000 : 5) is { } datagram)
            {
                bytes += datagram.Length;
                received.Add(UdpTestPeer.Parse(datagram) switch
                {
                    SipResponse r => r.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    SipRequest r => r.Method,
                    _ => "?",
                });
            }
        }

        var firstBye = received.IndexOf("BYE");
        var trace = string.Join(" ", received);
        TestContext.Out.WriteLine($"{received.Count} messages, {bytes} bytes for a {invite.Length}-byte INVITE: {trace}");
        Assert.Multiple(() =>
        {
            Assert.That(firstBye, Is.GreaterThan(0), "the dialog is ended with BYE after 64·T1: " + trace);
            Assert.That(received.Skip(firstBye).Count(m => m == "200"), Is.Zero, "no 200 OK retransmission once our BYE is out: " + trace);
            Assert.That(received.Count(m => m == "200"), Is.InRange(1, 11), trace);
            Assert.That(received.Count, Is.LessThanOrEqualTo(MaxMessages), trace);
            Assert.That(bytes, Is.LessThanOrEqualTo(MaxByteFactor * invite.Length), trace);
        });
    }

    private sealed class AcceptingHandler : Dialogs.ISipCallHandler
    {
        public void OnIncomingCall(Dialogs.IncomingCall call) => call.Accept(Encoding.ASCII.GetBytes(SipTestMessages.SdpBody));
    }
}
