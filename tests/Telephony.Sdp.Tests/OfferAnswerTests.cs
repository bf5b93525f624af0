using Telephony.Sdp.Negotiation;

namespace Telephony.Sdp.Tests;

public class OfferAnswerTests
{
    private static readonly AnswerOptions Options = new() { LocalAddress = "127.0.0.1", LocalPort = 10002, SessionId = 42, SessionVersion = 1 };

    [Test]
    public void Sipp_offer_gets_pcmu_without_telephone_event()
    {
        var result = OfferAnswer.Answer(SessionDescription.Parse(SdpSamples.Sipp), Options);

        Assert.That(result.Success, Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(result.Audio, Is.EqualTo(new NegotiatedAudio("127.0.0.1", 6000, 0, "PCMU", 8000, null, 20, MediaDirection.SendRecv, false)));
            Assert.That(result.Answer!.ToString(), Is.EqualTo(
                "v=0\r\no=telephony 42 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
                "m=audio 10002 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=ptime:20\r\na=sendrecv\r\n"));
        });
    }

    [Test]
    public void Baresip_offer_gets_the_offerers_first_supported_codec_and_its_event_payload_type()
    {
        var result = OfferAnswer.Answer(SessionDescription.Parse(SdpSamples.Baresip), Options);

        Assert.Multiple(() =>
        {
            Assert.That(result.Audio!.EncodingName, Is.EqualTo("G722"), "opus is not ours; G722 comes next in baresip's order");
            Assert.That(result.Audio.TelephoneEventPayloadType, Is.EqualTo(101));
            Assert.That(result.Answer!.Media[0].Formats, Is.EqualTo(new[] { "9", "101" }));
            Assert.That(result.Answer.Media[0].GetFmtp(101), Is.EqualTo("0-16"));
        });
    }

    [TestCase("m=audio 4000 RTP/AVP 0 101 13\r\na=rtpmap:101 telephone-event/8000\r\n", 13)]
    [TestCase("m=audio 4000 RTP/AVP 0 118\r\na=rtpmap:118 CN/8000\r\n", 118)]
    [TestCase("m=audio 4000 RTP/AVP 0 117\r\na=rtpmap:117 CN/16000\r\n", null)]
    public void Comfort_noise_is_answered_when_offered_at_8_khz(string media, int? expected)
    {
        var offer = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n" + media;

        var result = OfferAnswer.Answer(SessionDescription.Parse(offer), Options);

        var formats = result.Answer!.Media[0].Formats;
        Assert.Multiple(() =>
        {
            Assert.That(result.Audio!.ComfortNoisePayloadType, Is.EqualTo(expected));
            Assert.That(formats.Contains(expected?.ToString() ?? "117"), Is.EqualTo(expected is not null));
            if (expected is { } pt)
            {
                Assert.That(result.Answer.ToString(), Does.Contain($"a=rtpmap:{pt} CN/8000\r\n"));
            }
        });
    }

    [Test]
    public void Narrowband_only_servers_still_answer_baresip_with_pcmu()
    {
        var result = OfferAnswer.Answer(SessionDescription.Parse(SdpSamples.Baresip), Options with { Codecs = ["PCMU", "PCMA"] });

        Assert.That(result.Audio!.EncodingName, Is.EqualTo("PCMU"));
    }

    [Test]
    public void Own_order_can_be_preferred()
    {
        var result = OfferAnswer.Answer(SessionDescription.Parse(SdpSamples.Baresip), Options with { Codecs = ["PCMA", "PCMU"], PreferOwnOrder = true });

        Assert.That(result.Audio!.EncodingName, Is.EqualTo("PCMA"));
    }

    [Test]
    public void Video_is_declined_with_port_zero_and_audio_uses_its_media_level_address_and_ptime()
    {
        var result = OfferAnswer.Answer(SessionDescription.Parse(SdpSamples.PolycomAudioVideo), Options);

        Assert.Multiple(() =>
        {
            Assert.That(result.Answer!.Media.Select(m => (m.Media, m.Port)), Is.EqualTo(new[] { ("video", 0), ("audio", 10002) }));
            Assert.That(result.Audio!.RemoteAddress, Is.EqualTo("198.51.100.8"));
            Assert.That(result.Audio.EncodingName, Is.EqualTo("PCMA"));
            Assert.That(result.Audio.TelephoneEventPayloadType, Is.EqualTo(96));
            Assert.That(result.Audio.PtimeMs, Is.EqualTo(30));
        });
    }

    [Test]
    public void Hold_offer_is_answered_recvonly_and_flagged()
    {
        var result = OfferAnswer.Answer(SessionDescription.Parse(SdpSamples.Hold), Options);

        Assert.Multiple(() =>
        {
            Assert.That(result.Audio!.Direction, Is.EqualTo(MediaDirection.RecvOnly));
            Assert.That(result.Audio.RemoteOnHold, Is.True);
            Assert.That(result.Answer!.Media[0].Direction, Is.EqualTo(MediaDirection.RecvOnly));
        });
    }

    [Test]
    public void No_common_codec_is_488_with_what_was_offered()
    {
        var result = OfferAnswer.Answer(SessionDescription.Parse(SdpSamples.G729Only), Options);

        Assert.Multiple(() =>
        {
            Assert.That(result.Success, Is.False);
            Assert.That(result.FailureStatus, Is.EqualTo(488));
            Assert.That(result.FailureReason, Does.Contain("G729/8000"));
        });
    }

    [Test]
    public void Offer_without_audio_is_488()
    {
        var result = OfferAnswer.Answer(SessionDescription.Parse("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\nm=video 4000 RTP/AVP 109\r\n"), Options);

        Assert.Multiple(() =>
        {
            Assert.That(result.FailureStatus, Is.EqualTo(488));
            Assert.That(result.FailureReason, Does.Contain("no audio"));
        });
    }
}
