using System.Text;
using Telephony.Sip.Messages;

namespace Telephony.Sip.Tests;

/// <summary>The allocation-free reader: same verdicts as the model parser, routing fields read in place, no allocation.</summary>
public class SipMessageViewTests
{
    private static readonly byte[] Invite = Encoding.ASCII.GetBytes(
        "INVITE sip:service@127.0.0.1:5060 SIP/2.0\r\n" +
        "v: SIP/2.0/UDP 127.0.0.1:5061;rport;branch=z9hG4bK-4242-1-0, SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKsecond\r\n" +
        "From: \"a;tag=fake\" <sip:sipp@127.0.0.1:5061;tag=urifake>;tag=4242SIPpTag001\r\n" +
        "To: service <sip:service@127.0.0.1:5060>\r\n" +
        "i: 1-4242@127.0.0.1\r\n" +
        "CSeq:\r\n  17\r\n\tINVITE\r\n" +
        "Max-Forwards: 70\r\n" +
        "Content-Type: application/sdp\r\n" +
        "l: 4\r\n\r\n" +
        "v=0\r\n");

    private static SipMessageView Read(byte[] bytes, Span<SipHeaderRange> slots, out SipReadResult result)
    {
        result = SipMessageReader.Read(bytes, isStream: false, SipParserLimits.Default, slots, out var view);
        return view;
    }

    [Test]
    public void Routing_fields_are_read_in_place()
    {
        Span<SipHeaderRange> slots = stackalloc SipHeaderRange[32];
        var view = Read(Invite, slots, out var result);

        Assert.That(result.Status, Is.EqualTo(SipParseStatus.Complete));
        Assert.That(view.TryGetCSeq(out var number, out var cseqMethod), Is.True);
        var (method, uri, branch, callId, fromTag, toTagEmpty, cseq, body) = (
            Encoding.ASCII.GetString(view.Method), Encoding.ASCII.GetString(view.RequestUri), Encoding.ASCII.GetString(view.TopViaBranch),
            Encoding.ASCII.GetString(view.CallId), Encoding.ASCII.GetString(view.FromTag), view.ToTag.IsEmpty, Encoding.ASCII.GetString(cseqMethod),
            Encoding.ASCII.GetString(view.Body));
        Assert.Multiple(() =>
        {
            Assert.That(method, Is.EqualTo("INVITE"));
            Assert.That(uri, Is.EqualTo("sip:service@127.0.0.1:5060"));
            Assert.That(branch, Is.EqualTo("z9hG4bK-4242-1-0"), "first value of the first Via line");
            Assert.That(callId, Is.EqualTo("1-4242@127.0.0.1"), "compact i");
            Assert.That(fromTag, Is.EqualTo("4242SIPpTag001"), "not the quoted or URI look-alikes");
            Assert.That(toTagEmpty, Is.True);
            Assert.That(number, Is.EqualTo(17), "folded CSeq");
            Assert.That(cseq, Is.EqualTo("INVITE"));
            Assert.That(body, Is.EqualTo("v=0\r"));
        });
    }

    [Test]
    public void The_model_parser_agrees_with_the_view_and_unfolds()
    {
        var message = (SipRequest)SipParser.Parse(Invite, isStream: false).Message!;

        Assert.Multiple(() =>
        {
            Assert.That(message.TopVia!.Branch, Is.EqualTo("z9hG4bK-4242-1-0"));
            Assert.That(message.CSeq!.Value.Number, Is.EqualTo(17));
            Assert.That(message.Headers.Get(HeaderNames.CSeq), Is.EqualTo(" 17 INVITE"), "each folded line trimmed, joined by one space");
            Assert.That(message.From!.Tag, Is.EqualTo("4242SIPpTag001"));
            Assert.That(message.Body.Length, Is.EqualTo(4));
        });
    }

    [Test]
    public void Reading_allocates_nothing()
    {
        Span<SipHeaderRange> slots = stackalloc SipHeaderRange[32];
        var sum = 0L;
        for (var warm = 0; warm < 3; warm++)
        {
            sum += Route(Invite, slots);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            sum += Route(Invite, slots);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Multiple(() =>
        {
            Assert.That(allocated, Is.Zero);
            Assert.That(sum, Is.GreaterThan(0));
        });
    }

    private static long Route(byte[] bytes, Span<SipHeaderRange> slots)
    {
        var view = Read(bytes, slots, out _);
        view.TryGetCSeq(out var number, out var method);
        return view.TopViaBranch.Length + view.CallId.Length + view.FromTag.Length + view.ToTag.Length + number + method.Length;
    }

    [TestCase("INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nContent-Length: 10\r\n\r\nshort", SipParseStatus.Invalid, 400)]
    [TestCase("INVITE sip:a@b SIP/7.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n\r\n", SipParseStatus.Invalid, 505)]
    [TestCase("INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nContent-Length: 99999999999999\r\n\r\n", SipParseStatus.Invalid, 513)]
    [TestCase("\r\n\r\n", SipParseStatus.KeepAlive, 400)]
    public void Verdicts_match_the_model_parser(string text, SipParseStatus status, int suggested)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        Span<SipHeaderRange> slots = stackalloc SipHeaderRange[32];
        Read(bytes, slots, out var result);
        var model = SipParser.Parse(bytes, isStream: false);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(status));
            Assert.That(result.SuggestedStatus, Is.EqualTo(suggested));
            Assert.That(model.Status, Is.EqualTo(result.Status));
            Assert.That(model.SuggestedStatus, Is.EqualTo(result.SuggestedStatus));
        });
    }
}
