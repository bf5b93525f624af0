using System.Text;
using Telephony.Sdp.Negotiation;

namespace Telephony.Sdp.Tests;

public class OfferBuilderTests
{
    private static readonly AnswerOptions Options = new() { LocalAddress = "192.0.2.1", LocalPort = 40000, SessionId = 7, SessionVersion = 1 };

    private static SessionDescription Sdp(string text) =>
        SessionDescription.TryParse(Encoding.ASCII.GetBytes(text.Replace("\n", "\r\n", StringComparison.Ordinal)), out var sdp, out var error) ? sdp! : throw new InvalidOperationException(error);

    [Test]
    public void The_offer_lists_our_codecs_and_telephone_event()
    {
        var text = OfferBuilder.Offer(Options).ToString();

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("m=audio 40000 RTP/AVP 0 8 9 101\r\n"));
            Assert.That(text, Does.Contain("a=rtpmap:8 PCMA/8000\r\n"));
            Assert.That(text, Does.Contain("a=fmtp:101 0-16\r\n"));
            Assert.That(text, Does.Contain("c=IN IP4 192.0.2.1\r\n"));
        });
    }

    [Test]
    public void The_answer_picks_the_first_format_we_offered()
    {
        var result = OfferBuilder.ReadAnswer(Sdp("v=0\no=- 1 1 IN IP4 198.51.100.7\ns=-\nc=IN IP4 198.51.100.7\nt=0 0\nm=audio 5004 RTP/AVP 8 0 101\na=rtpmap:101 telephone-event/8000\n"), Options);

        Assert.That(result.Success, Is.True, result.FailureReason);
        Assert.Multiple(() =>
        {
            Assert.That(result.Audio!.EncodingName, Is.EqualTo("PCMA"), "static type 8 without rtpmap");
            Assert.That(result.Audio.RemotePort, Is.EqualTo(5004));
            Assert.That(result.Audio.TelephoneEventPayloadType, Is.EqualTo(101));
        });
    }

    [TestCase("m=audio 0 RTP/AVP 0\n")]
    [TestCase("m=audio 5004 RTP/AVP 18\na=rtpmap:18 G729/8000\n")]
    [TestCase("m=video 5004 RTP/AVP 96\n")]
    public void Refused_or_foreign_answers_fail(string media) =>
        Assert.That(OfferBuilder.ReadAnswer(Sdp("v=0\no=- 1 1 IN IP4 198.51.100.7\ns=-\nc=IN IP4 198.51.100.7\nt=0 0\n" + media), Options).Success, Is.False);
}
