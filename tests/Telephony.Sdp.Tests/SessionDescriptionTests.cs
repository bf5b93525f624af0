using System.Text;

namespace Telephony.Sdp.Tests;

public class SessionDescriptionTests
{
    private static SessionDescription Parse(string text)
    {
        Assert.That(SessionDescription.TryParse(Encoding.UTF8.GetBytes(text), out var sdp, out var error), Is.True, error);
        return sdp!;
    }

    [Test]
    public void Baresip_offer_parses_with_static_and_dynamic_payload_types()
    {
        var sdp = Parse(SdpSamples.Baresip);
        var audio = sdp.Media.Single();

        Assert.Multiple(() =>
        {
            Assert.That(sdp.Connection!.Address, Is.EqualTo("192.0.2.10"));
            Assert.That(audio.Port, Is.EqualTo(10000));
            Assert.That(audio.RtpMaps.Select(r => $"{r.PayloadType} {r.EncodingName}/{r.ClockRate}/{r.Channels}"),
                Is.EqualTo(new[] { "96 OPUS/48000/2", "9 G722/8000/1", "0 PCMU/8000/1", "8 PCMA/8000/1", "101 TELEPHONE-EVENT/8000/1" }));
            Assert.That(audio.GetFmtp(101), Is.EqualTo("0-15"));
            Assert.That(audio.Ptime, Is.EqualTo(20));
            Assert.That(audio.Direction, Is.EqualTo(MediaDirection.SendRecv));
        });
    }

    [Test]
    public void Static_payload_types_need_no_rtpmap()
    {
        var sdp = Parse("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\nm=audio 4000 RTP/AVP 8 0 18\r\n");

        Assert.That(sdp.Media[0].RtpMaps.Select(r => r.EncodingName), Is.EqualTo(new[] { "PCMA", "PCMU", "G729" }));
    }

    [Test]
    public void Round_trip_keeps_every_line()
    {
        var first = Parse(SdpSamples.Baresip);
        var again = Parse(first.ToString());

        Assert.That(again.ToString(), Is.EqualTo(first.ToString()));
        Assert.That(first.ToString(), Is.EqualTo(SdpSamples.Baresip));
    }

    [Test]
    public void Ipv6_with_bare_line_feeds_parses()
    {
        var sdp = Parse(SdpSamples.Ipv6);

        Assert.That(sdp.Connection, Is.EqualTo(new SdpConnection("IN", "IP6", "2001:db8::1")));
    }

    [TestCase("", "empty")]
    [TestCase("o=- 1 1 IN IP4 1.2.3.4\r\n", "v=0")]
    [TestCase("v=0\r\nm=audio x RTP/AVP 0\r\n", "port")]
    [TestCase("v=0\r\nm=audio 4000 RTP/AVP\r\n", "at least one format")]
    [TestCase("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n", "no c= line")]
    [TestCase("v=0\r\nc=IN IP4\r\n", "c=")]
    [TestCase("v=0\r\ngarbage\r\n", "x=value")]
    public void Unusable_sdp_is_rejected_with_a_reason(string text, string reason)
    {
        Assert.That(SessionDescription.TryParse(Encoding.UTF8.GetBytes(text), out _, out var error), Is.False);
        Assert.That(error, Does.Contain(reason));
    }

    [Test]
    public void Mutated_inputs_never_throw()
    {
        var random = new Random(1234);
        var seeds = new[] { SdpSamples.Sipp, SdpSamples.Baresip, SdpSamples.PolycomAudioVideo, SdpSamples.Hold }.Select(Encoding.UTF8.GetBytes).ToArray();
        for (var i = 0; i < 5000; i++)
        {
            var bytes = (byte[])seeds[i % seeds.Length].Clone();
            var cut = random.Next(bytes.Length + 1);
            bytes = bytes[..cut];
            for (var flips = random.Next(4); flips > 0 && bytes.Length > 0; flips--)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            Assert.DoesNotThrow(() => SessionDescription.TryParse(bytes, out _, out _));
        }
    }

    [TestCase("ipv6-in-sdp.dat")]
    [TestCase("mult-ip-in-sdp.dat")]
    public void Rfc5118_sdp_bodies_parse(string file)
    {
        var path = Path.Combine(FindCorpus(), "rfc5118", file);
        var text = File.ReadAllText(path);
        var body = text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];

        var sdp = Parse(body);

        Assert.That(sdp.Media, Is.Not.Empty);
    }

    /// <summary>The RFC 4475/5118 messages kept in the repository (tests/corpus).</summary>
    private static string FindCorpus()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Telephony.sln")))
            {
                return Path.Combine(dir.FullName, "tests", "corpus");
            }
        }

        Assert.Fail("Telephony.sln not found above the test directory");
        return string.Empty;
    }
}
