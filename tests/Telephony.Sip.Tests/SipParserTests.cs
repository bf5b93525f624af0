using System.Text;
using Telephony.Sip.Headers;
using Telephony.Sip.Messages;

namespace Telephony.Sip.Tests;

public class SipParserTests
{
    private static SipParseResult Parse(string text, bool stream = false) => SipParser.Parse(Encoding.UTF8.GetBytes(text), stream);

    [Test]
    public void Parses_a_sipp_invite_with_its_sdp_body()
    {
        var result = Parse(SipTestMessages.Invite(5061));

        Assert.That(result.Status, Is.EqualTo(SipParseStatus.Complete));
        var request = (SipRequest)result.Message!;
        Assert.Multiple(() =>
        {
            Assert.That(request.Method, Is.EqualTo("INVITE"));
            Assert.That(request.RequestUri, Is.EqualTo("sip:service@127.0.0.1:5060"));
            Assert.That(request.CallId, Is.EqualTo("1-1@127.0.0.1"));
            Assert.That(request.CSeq, Is.EqualTo(new CSeqHeader(1, "INVITE")));
            Assert.That(request.TopVia!.Branch, Is.EqualTo("z9hG4bK-1-1-0"));
            Assert.That(request.TopVia.Port, Is.EqualTo(5061));
            Assert.That(request.From!.Tag, Is.EqualTo("1SIPpTag001"));
            Assert.That(request.To!.Tag, Is.Null);
            Assert.That(request.MaxForwards, Is.EqualTo(70));
            Assert.That(Encoding.ASCII.GetString(request.Body.Span), Is.EqualTo(SipTestMessages.SdpBody));
            Assert.That(SipMessageValidator.Validate(request), Is.Null);
        });
    }

    [Test]
    public void Expands_compact_forms_and_unfolds_continuation_lines()
    {
        var text = "OPTIONS sip:a@b SIP/2.0\r\nv: SIP/2.0/UDP h;branch=z9hG4bKx\r\nf: <sip:x@y>;tag=1\r\nt: <sip:a@b>\r\n" +
                   "i: abc\r\nCSeq: 7\r\n  OPTIONS\r\nSubject: first\r\n\tsecond\r\nl: 0\r\n\r\n";

        var message = Parse(text).Message!;

        Assert.Multiple(() =>
        {
            Assert.That(message.Headers.Get("Via"), Is.EqualTo("SIP/2.0/UDP h;branch=z9hG4bKx"));
            Assert.That(message.CallId, Is.EqualTo("abc"));
            Assert.That(message.Headers.Get("Subject"), Is.EqualTo("first second"));
            Assert.That(message.CSeq, Is.EqualTo(new CSeqHeader(7, "OPTIONS")));
            Assert.That(SipMessageValidator.Validate(message), Is.Null);
        });
    }

    [Test]
    public void Splits_multi_value_headers_but_not_inside_quotes_or_angle_brackets()
    {
        var text = "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h1;branch=z9hG4bK1, SIP/2.0/TCP h2:5070;branch=z9hG4bK2\r\n" +
                   "Via: SIP/2.0/UDP h3\r\nContact: \"Doe, John\" <sip:j@h;a=1,2>, <sip:k@h>\r\nFrom: <sip:x@y>;tag=1\r\nTo: <sip:a@b>\r\n" +
                   "Call-ID: c\r\nCSeq: 1 OPTIONS\r\n\r\n";

        var message = Parse(text).Message!;

        Assert.Multiple(() =>
        {
            Assert.That(message.Headers.GetValues("Via"), Has.Count.EqualTo(3));
            Assert.That(message.TopVia!.Branch, Is.EqualTo("z9hG4bK1"));
            Assert.That(message.Headers.GetValues("Contact"), Is.EqualTo(new[] { "\"Doe, John\" <sip:j@h;a=1,2>", "<sip:k@h>" }));
        });
    }

    [Test]
    public void Accepts_bare_line_feeds_and_an_empty_reason_phrase()
    {
        var result = Parse("SIP/2.0 100 \nVia: SIP/2.0/UDP h;branch=z9hG4bK1\nFrom: <sip:x@y>;tag=1\nTo: <sip:a@b>\nCall-ID: c\nCSeq: 1 INVITE\nContent-Length: 0\n\n");

        Assert.That(result.Status, Is.EqualTo(SipParseStatus.Complete));
        var response = (SipResponse)result.Message!;
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(100));
            Assert.That(response.ReasonPhrase, Is.Empty);
        });
    }

    [Test]
    public void Serialize_then_parse_round_trips()
    {
        var original = (SipRequest)Parse(SipTestMessages.Invite(5061)).Message!;

        var reparsed = (SipRequest)SipParser.Parse(SipSerializer.Serialize(original), isStream: true).Message!;

        Assert.Multiple(() =>
        {
            Assert.That(reparsed.Method, Is.EqualTo(original.Method));
            Assert.That(reparsed.RequestUri, Is.EqualTo(original.RequestUri));
            Assert.That(reparsed.Headers.Select(h => (h.Name, h.Value)), Is.EqualTo(original.Headers.Select(h => (h.Name, h.Value))));
            Assert.That(reparsed.Body.ToArray(), Is.EqualTo(original.Body.ToArray()));
        });
    }

    [Test]
    public void Stream_parsing_waits_for_the_whole_body_then_takes_one_message_at_a_time()
    {
        var one = Encoding.UTF8.GetBytes(SipTestMessages.Invite(5061));
        var two = one.Concat(one).ToArray();

        for (var cut = 1; cut < one.Length; cut += 37)
        {
            Assert.That(SipParser.Parse(one.AsSpan(0, cut), isStream: true).Status, Is.EqualTo(SipParseStatus.Incomplete), $"cut at {cut}");
        }

        var first = SipParser.Parse(two, isStream: true);
        Assert.Multiple(() =>
        {
            Assert.That(first.Status, Is.EqualTo(SipParseStatus.Complete));
            Assert.That(first.Consumed, Is.EqualTo(one.Length));
            Assert.That(SipParser.Parse(two.AsSpan(first.Consumed), isStream: true).Consumed, Is.EqualTo(one.Length));
        });
    }

    [Test]
    public void Datagram_with_less_body_than_content_length_is_invalid()
    {
        var text = SipTestMessages.Invite(5061);
        var truncated = text[..^10];

        var result = Parse(truncated);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(SipParseStatus.Invalid));
            Assert.That(result.SuggestedStatus, Is.EqualTo(400));
            Assert.That(result.Message, Is.Not.Null, "headers are kept so a 400 can be sent");
        });
    }

    [TestCase("Content-Length: 99999999999999999999", 513)]
    [TestCase("Content-Length: -5", 400)]
    [TestCase("Content-Length: 12abc", 400)]
    public void Bad_content_length_never_allocates_and_gets_the_right_status(string header, int status)
    {
        var text = "INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n" + header + "\r\n\r\n";

        var result = Parse(text, stream: true);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(SipParseStatus.Invalid));
            Assert.That(result.SuggestedStatus, Is.EqualTo(status));
        });
    }

    [TestCase("\0\u0001\u0002garbage")]
    [TestCase("INVITE\r\n\r\n")]
    [TestCase("SIP/2.0 2000 OK\r\n\r\n")]
    [TestCase("hello world")]
    public void Garbage_is_invalid_without_a_message(string text)
    {
        var result = Parse(text);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(SipParseStatus.Invalid));
            Assert.That(result.Message, Is.Null);
            Assert.That(result.Error, Is.Not.Empty);
        });
    }

    [TestCase("INVITE  sip:a@b SIP/2.0")]
    [TestCase("INVITE <sip:a@b> SIP/2.0")]
    [TestCase("INVITE sip:a@b; lr SIP/2.0")]
    [TestCase("OPTIONS sip:a@b SIP/2.0  ")]
    public void Broken_request_lines_keep_the_headers_so_a_400_can_be_sent(string requestLine)
    {
        var result = Parse(requestLine + "\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nCall-ID: c\r\n\r\n");

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(SipParseStatus.Invalid));
            Assert.That(result.SuggestedStatus, Is.EqualTo(400));
            Assert.That(result.Message?.CallId, Is.EqualTo("c"));
        });
    }

    [Test]
    public void Other_sip_versions_get_505_with_headers_kept()
    {
        var result = Parse("OPTIONS sip:a@b SIP/7.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nCall-ID: c\r\n\r\n");

        Assert.Multiple(() =>
        {
            Assert.That(result.SuggestedStatus, Is.EqualTo(505));
            Assert.That(result.Message?.CallId, Is.EqualTo("c"));
        });
    }

    [TestCase("Call-ID", "Missing Call-ID")]
    [TestCase("From", "Missing From")]
    [TestCase("CSeq", "Missing CSeq")]
    public void Validator_names_the_missing_header(string header, string expected)
    {
        var text = string.Join("\r\n", SipTestMessages.Invite(5061).Split("\r\n").Where(l => !l.StartsWith(header + ":", StringComparison.Ordinal)));

        var error = SipMessageValidator.Validate(Parse(text).Message!);

        Assert.That(error?.Reason, Does.StartWith(expected));
    }

    [Test]
    public void Validator_rejects_a_cseq_method_that_differs_from_the_request()
    {
        var text = SipTestMessages.Invite(5061).Replace("CSeq: 1 INVITE", "CSeq: 1 ACK", StringComparison.Ordinal);

        Assert.That(SipMessageValidator.Validate(Parse(text).Message!)?.Status, Is.EqualTo(400));
    }

    [Test]
    public void Too_many_headers_are_rejected()
    {
        var text = "OPTIONS sip:a@b SIP/2.0\r\n" + string.Concat(Enumerable.Repeat("X-Pad: 1\r\n", 200)) + "\r\n";

        Assert.That(Parse(text).Status, Is.EqualTo(SipParseStatus.Invalid));
    }
}
