using System.Net;
using Microsoft.Extensions.Time.Testing;
using Telephony.Calls.Screening;
using Telephony.Sip;
using Telephony.Sip.Messages;
using Telephony.Sip.Transport;

namespace Telephony.Calls.Tests;

/// <summary>Mutated corpora thrown at the parser, the validator, the linter and the stack: nothing may throw.</summary>
public class FuzzTests
{
    [Test]
    public void Parser_validator_and_linter_survive_twenty_thousand_mutations()
    {
        var mutator = new CorpusMutator(seed: 4475);
        for (var i = 0; i < 20_000; i++)
        {
            var input = mutator.Next();
            Assert.DoesNotThrow(() => Exercise(input), $"mutation {i}");
        }
    }

    [Test]
    public void Stack_survives_mutations_answers_each_request_at_most_once_and_keeps_serving()
    {
        using var stack = new SipStack(new SipStackOptions(), new FakeTimeProvider());
        var mutator = new CorpusMutator(seed: 5118);
        for (var i = 0; i < 3000; i++)
        {
            var sender = new RecordingSender();
            var source = new SipSource(sender, new IPEndPoint(IPAddress.Loopback, 40000 + (i % 1000)));
            var input = mutator.Next();
            Assert.DoesNotThrow(() => Feed(stack, input, source), $"mutation {i}");
            Assert.That(sender.Sent.OfType<SipResponse>().Count(r => r.StatusCode >= 200), Is.LessThanOrEqualTo(1));
        }

        var probe = new RecordingSender();
        var options = "OPTIONS sip:a@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bKfuzzprobe\r\nFrom: <sip:p@q>;tag=1\r\n" +
                      "To: <sip:a@127.0.0.1>\r\nCall-ID: probe\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
        Feed(stack, System.Text.Encoding.ASCII.GetBytes(options), new SipSource(probe, new IPEndPoint(IPAddress.Loopback, 5999)));
        Assert.That(probe.Sent.OfType<SipResponse>().Single().StatusCode, Is.EqualTo(200));
    }

    private static void Exercise(byte[] input)
    {
        foreach (var stream in new[] { false, true })
        {
            var result = SipParser.Parse(input, stream);
            if (result.Message is { } message)
            {
                SipMessageValidator.Validate(message);
                _ = message.TopVia;
                _ = message.From?.ParsedUri;
                _ = message.ToString();
            }
        }

        SipLinter.Lint(input);
    }

    private static void Feed(SipStack stack, byte[] input, SipSource source)
    {
        var parsed = SipParser.Parse(input, isStream: false);
        if (parsed.Status == SipParseStatus.Complete)
        {
            stack.OnMessage(parsed.Message!, source);
        }
        else if (parsed.Status == SipParseStatus.Invalid)
        {
            stack.OnInvalid(parsed, source);
        }
    }
}
