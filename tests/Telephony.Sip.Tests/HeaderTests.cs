using Telephony.Sip.Headers;

namespace Telephony.Sip.Tests;

public class HeaderTests
{
    [TestCase("\"Alice \\\"A\\\"\" <sip:alice@example.com;transport=tcp>;tag=abc", "sip:alice@example.com;transport=tcp", "abc")]
    [TestCase("<sip:bob@[2001:db8::1]:5070>", "sip:bob@[2001:db8::1]:5070", null)]
    [TestCase("sip:carol@example.com;tag=x9", "sip:carol@example.com", "x9")]
    [TestCase("Dave <tel:+15551234567>;tag=t", "tel:+15551234567", "t")]
    public void Name_addresses_parse(string text, string uri, string? tag)
    {
        Assert.That(NameAddress.TryParse(text, out var value), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(value.Uri, Is.EqualTo(uri));
            Assert.That(value.Tag, Is.EqualTo(tag));
        });
    }

    [TestCase("<sip:a@b")]
    [TestCase("\"unbalanced <sip:a@b>")]
    [TestCase("")]
    [TestCase("<nocolon>")]
    public void Broken_name_addresses_do_not_parse(string text) =>
        Assert.That(NameAddress.TryParse(text, out _), Is.False);

    [Test]
    public void Sip_uri_parts_are_read()
    {
        Assert.That(SipUri.TryParse("sips:user:pw@[::1]:5061;transport=tls;lr?subject=x", out var uri), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(uri.Scheme, Is.EqualTo("sips"));
            Assert.That(uri.User, Is.EqualTo("user:pw"));
            Assert.That(uri.Host, Is.EqualTo("[::1]"));
            Assert.That(uri.Port, Is.EqualTo(5061));
            Assert.That(uri.Transport, Is.EqualTo("tls"));
            Assert.That(uri.UriHeaders, Is.EqualTo("subject=x"));
        });
    }

    [Test]
    public void Via_with_spaces_around_slashes_and_rport_parses()
    {
        Assert.That(ViaHeader.TryParse("SIP / 2.0 / udp 10.0.0.1:5062 ;branch=z9hG4bKabc;rport", out var via), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(via.Transport, Is.EqualTo("UDP"));
            Assert.That(via.Host, Is.EqualTo("10.0.0.1"));
            Assert.That(via.Port, Is.EqualTo(5062));
            Assert.That(via.HasRPort, Is.True);
            Assert.That(via.HasRfc3261Branch, Is.True);
        });
    }

    [Test]
    public void Via_stamping_adds_received_and_fills_rport()
    {
        Assert.That(ViaHeader.TryParse("SIP/2.0/UDP 10.0.0.1:5062;branch=z9hG4bKabc;rport", out var via), Is.True);

        var stamped = via.WithSource("192.0.2.7", 40000);

        Assert.Multiple(() =>
        {
            Assert.That(stamped.RPort, Is.EqualTo(40000));
            Assert.That(stamped.Received, Is.EqualTo("192.0.2.7"));
            Assert.That(stamped.ToString(), Is.EqualTo("SIP/2.0/UDP 10.0.0.1:5062;branch=z9hG4bKabc;rport=40000;received=192.0.2.7"));
        });
    }

    [TestCase("1 INVITE", 1, "INVITE")]
    [TestCase("  2147483647   BYE ", 2147483647, "BYE")]
    public void CSeq_parses(string text, long number, string method)
    {
        Assert.That(CSeqHeader.TryParse(text, out var cseq), Is.True);
        Assert.That(cseq, Is.EqualTo(new CSeqHeader(number, method)));
    }

    [TestCase("2147483648 INVITE")]
    [TestCase("-1 INVITE")]
    [TestCase("INVITE")]
    [TestCase("1 IN VITE")]
    public void Bad_CSeq_does_not_parse(string text) => Assert.That(CSeqHeader.TryParse(text, out _), Is.False);
}
