using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Telephony.Calls.Screening;
using Telephony.Sdp.Negotiation;
using Telephony.Sip;
using Telephony.Sip.Dialogs;
using Telephony.Sip.Messages;
using Telephony.Sip.Transport;

namespace Telephony.Calls.Tests;

/// <summary>
/// The live SIP stack, fed each corpus message as its UDP transport would, answers exactly what
/// <c>sip lint</c> says it answers.
/// </summary>
public class StackAgreesWithLintTests
{
    /// <summary>Answers INVITEs the way the call manager does, minus the media (no RTP to corpus addresses).</summary>
    private sealed class ScreeningHandler : ISipCallHandler
    {
        public void OnIncomingCall(IncomingCall incoming)
        {
            if (InviteScreening.Check(incoming.Invite, out var offer) is { } rejection)
            {
                incoming.Reject(rejection.Status, null, [.. rejection.Headers]);
                return;
            }

            var result = OfferAnswer.Answer(offer!, new AnswerOptions { LocalAddress = "127.0.0.1", LocalPort = 10000 });
            if (!result.Success)
            {
                incoming.Reject(result.FailureStatus);
                return;
            }

            incoming.Accept(Encoding.ASCII.GetBytes(result.Answer!.ToString()));
        }
    }

    [TestCaseSource(typeof(ConformanceCases), nameof(ConformanceCases.Cases))]
    public void Stack_answers_what_lint_predicts(string set, string name, bool valid, string answer)
    {
        using var stack = new SipStack(new SipStackOptions(), new FakeTimeProvider()) { CallHandler = new ScreeningHandler() };
        var sender = new RecordingSender();
        var source = new SipSource(sender, new IPEndPoint(IPAddress.Loopback, 40000));
        var bytes = Corpus.Read(set, name);

        var parsed = SipParser.Parse(bytes, isStream: false);
        if (parsed.Status == SipParseStatus.Complete)
        {
            stack.OnMessage(parsed.Message!, source);
        }
        else
        {
            stack.OnInvalid(parsed, source);
        }

        var finals = sender.Sent.OfType<SipResponse>().Where(r => r.StatusCode >= 200).Select(r => r.StatusCode.ToString()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(finals.Count, Is.LessThanOrEqualTo(1), "one final response at most");
            Assert.That(finals.FirstOrDefault() ?? "drop", Is.EqualTo(answer));
            Assert.That(sender.Sent.OfType<SipRequest>(), Is.Empty, "a UAS sends no request for these");
        });

        if (answer is "415" or "405" or "501" or "420")
        {
            var response = sender.Sent.OfType<SipResponse>().Single(r => r.StatusCode >= 200);
            var header = answer switch { "415" => "Accept", "420" => "Unsupported", _ => "Allow" };
            Assert.That(response.Headers.Get(header), Is.Not.Null, $"{answer} carries {header}");
        }
    }
}
