using System.Net;
using System.Text;
using Telephony.Sdp;
using Telephony.Sdp.Negotiation;
using Telephony.Sip;
using Telephony.Sip.Dialogs;

namespace Telephony.Interop.Tests;

/// <summary>Blind transfer by REFER (RFC 3515): a baresip caller is referred to a sipp "agent" and the NOTIFYs report the outcome.</summary>
[NonParallelizable]
public class TransferTests
{
    private sealed class AnsweringHandler : Sip.Dialogs.ISipCallHandler
    {
        public TaskCompletionSource<SipDialog> Answered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OnIncomingCall(IncomingCall incoming)
        {
            var offer = SessionDescription.Parse(Encoding.ASCII.GetString(incoming.Invite.Body.Span));
            var answer = OfferAnswer.Answer(offer, new AnswerOptions { LocalAddress = "127.0.0.1", LocalPort = FreePorts.UdpBlock(2) });
            if (incoming.Accept(Encoding.ASCII.GetBytes(answer.Answer!.ToString())) is { } dialog)
            {
                Answered.TrySetResult(dialog);
            }
        }
    }

    [Test]
    public async Task A_baresip_caller_follows_a_blind_refer_to_an_agent_and_the_notifies_report_200()
    {
        var handler = new AnsweringHandler();
        using var stack = new SipStack(new SipStackOptions { BindAddress = IPAddress.Loopback, Port = FreePorts.Sip() }) { CallHandler = handler };
        stack.Start();
        var agentPort = FreePorts.Sip();
        var agent = ProcessRunner.RunAsync(ProcessRunner.Require("sipp", "sip-tester"),
            ["-sn", "uas", "-p", agentPort.ToString(), "-i", "127.0.0.1", "-mi", "127.0.0.1", "-mp", FreePorts.UdpBlock(6).ToString(), "-m", "1", "-nostdin", "-timeout", "25s", "-timeout_error"],
            TimeSpan.FromSeconds(40), Path.GetTempPath());
        using var caller = Baresip.Create($"<sip:carol@127.0.0.1:{stack.UdpEndPoint!.Port}>;regint=0");
        var phone = caller.RunAsync(8, $"/dial sip:ivr@127.0.0.1:{stack.UdpEndPoint.Port}");

        var dialog = await handler.Answered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await dialog.Acked.WaitAsync(TimeSpan.FromSeconds(5));
        var outcome = await dialog.ReferAsync($"sip:agent@127.0.0.1:{agentPort}", "sip:ivr@127.0.0.1", TimeSpan.FromSeconds(10));
        var phoneRun = await phone;
        var agentRun = await agent;

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ReferStatus, Is.EqualTo(202), phoneRun.ToString());
            Assert.That(outcome.FinalStatus, Is.EqualTo(200), phoneRun.ToString());
            Assert.That(outcome.Succeeded, Is.True);
            Assert.That(agentRun.ExitCode, Is.Zero, "the agent (sipp uas) got the transferred call and its BYE\n" + agentRun);
        });
    }
}
