using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Telephony.Sip.Dialogs;
using Telephony.Sip.Messages;

namespace Telephony.Sip.Tests;

/// <summary>The stack on a real loopback UDP socket, with transaction timers on a fake clock.</summary>
public class SipStackTests
{
    private FakeTimeProvider _time = null!;
    private SipStack _stack = null!;
    private UdpTestPeer _peer = null!;
    private RecordingHandler _handler = null!;
    private int _housekeepingTimers;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider();
        _stack = new SipStack(new SipStackOptions { BindAddress = IPAddress.Loopback, Port = 0, EnableTcp = false }, _time);
        _handler = new RecordingHandler();
        _stack.CallHandler = _handler;
        _housekeepingTimers = _stack.PendingTimers;
        _stack.Start();
        _peer = new UdpTestPeer(_stack.UdpEndPoint!);
    }

    [TearDown]
    public void TearDown()
    {
        _peer.Dispose();
        _stack.Dispose();
    }

    [Test]
    public void Options_is_answered_with_capabilities_and_the_transaction_ends_after_timer_J()
    {
        _peer.Send(SipTestMessages.Request("OPTIONS", _peer.Port, "z9hG4bKopt1", "opt-1"));

        var response = _peer.ReceiveResponse();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(200));
            Assert.That(response.Headers.Get("Allow"), Does.Contain("INVITE").And.Contain("BYE"));
            Assert.That(response.Headers.Get("Accept"), Is.EqualTo("application/sdp"));
            Assert.That(response.Headers.Get("Supported"), Is.Not.Null);
            Assert.That(response.To!.Tag, Is.Not.Null);
        });

        _peer.Send(SipTestMessages.Request("OPTIONS", _peer.Port, "z9hG4bKopt1", "opt-1"));
        Assert.That(_peer.ReceiveResponse().StatusCode, Is.EqualTo(200), "a retransmission gets the same answer");
        Assert.That(_stack.Transactions.ServerCount, Is.EqualTo(1));

        _time.Advance(TimeSpan.FromSeconds(32));
        Assert.That(_stack.Transactions.ServerCount, Is.Zero);
    }

    [Test]
    public void Rejected_invite_is_retransmitted_until_ack_and_then_absorbed()
    {
        _handler.OnCall = call => call.Reject(486);
        _peer.Send(SipTestMessages.Invite(_peer.Port));

        Assert.That(_peer.ReceiveResponse().StatusCode, Is.EqualTo(100));
        var busy = _peer.ReceiveResponse();
        Assert.That(busy.StatusCode, Is.EqualTo(486));

        _time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.That(_peer.ReceiveResponse().StatusCode, Is.EqualTo(486), "Timer G fires at T1");
        _time.Advance(TimeSpan.FromMilliseconds(1000));
        Assert.That(_peer.ReceiveResponse().StatusCode, Is.EqualTo(486), "then at 2·T1");

        _peer.Send(SipTestMessages.Request("ACK", _peer.Port, "z9hG4bK-1-1-0", "1-1@127.0.0.1", busy.To!.Tag));

        // The ACK travels through a real socket; give the receive loop a moment before moving the fake clock.
        Thread.Sleep(300);
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.That(_peer.Receive(200), Is.Null, "no retransmission after the ACK");
        _time.Advance(TimeSpan.FromSeconds(5));
        WaitUntil(() => _stack.Transactions.ServerCount == 0);
        Assert.That(_stack.PendingTimers, Is.EqualTo(_housekeepingTimers), "only the stack's own housekeeping timer is left");
    }

    [Test]
    public void Unacknowledged_failure_ends_with_timer_H_and_leaks_nothing()
    {
        _handler.OnCall = call => call.Reject(603);
        _peer.Send(SipTestMessages.Invite(_peer.Port));
        _peer.ReceiveResponse();
        _peer.ReceiveResponse();

        for (var i = 0; i < 70; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(500));
        }

        Assert.Multiple(() =>
        {
            Assert.That(_stack.Transactions.ServerCount, Is.Zero);
            Assert.That(_stack.Stats.AckTimeouts, Is.EqualTo(1));
        });
    }

    [Test]
    public void Answered_call_is_acked_and_then_hung_up_by_the_caller()
    {
        _handler.OnCall = call => _handler.Dialog = call.Accept(Encoding.ASCII.GetBytes(SipTestMessages.SdpBody));
        _peer.Send(SipTestMessages.Invite(_peer.Port));
        Assert.That(_peer.ReceiveResponse().StatusCode, Is.EqualTo(100));
        var ok = _peer.ReceiveResponse();
        Assert.Multiple(() =>
        {
            Assert.That(ok.StatusCode, Is.EqualTo(200));
            Assert.That(ok.Headers.Get("Contact"), Does.StartWith("<sip:telephony@127.0.0.1:"));
            Assert.That(ok.ContentType, Is.EqualTo("application/sdp"));
        });

        _time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.That(_peer.ReceiveResponse().StatusCode, Is.EqualTo(200), "2xx retransmitted until ACK");

        var toTag = ok.To!.Tag!;
        _peer.Send(SipTestMessages.Request("ACK", _peer.Port, "z9hG4bK-ack", "1-1@127.0.0.1", toTag));
        WaitUntil(() => _handler.Dialog?.Acked.IsCompleted == true);
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.That(_peer.Receive(200), Is.Null, "no 2xx retransmission after the ACK");

        _peer.Send(SipTestMessages.Request("BYE", _peer.Port, "z9hG4bK-bye", "1-1@127.0.0.1", toTag, cseq: 2));
        Assert.That(_peer.ReceiveResponse().StatusCode, Is.EqualTo(200));
        Assert.That(_handler.Dialog!.Ended.Wait(3000), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(_handler.Dialog.Ended.Result.Reason, Is.EqualTo(DialogEndReason.RemoteBye));
            Assert.That(_stack.Dialogs.Count, Is.Zero);
        });

        _time.Advance(TimeSpan.FromSeconds(40));
        WaitUntil(() => _stack.Transactions.ServerCount == 0);
    }

    [Test]
    public void Our_bye_is_sent_to_the_contact_and_completes_on_200()
    {
        _handler.OnCall = call => _handler.Dialog = call.Accept(Encoding.ASCII.GetBytes(SipTestMessages.SdpBody));
        _peer.Send(SipTestMessages.Invite(_peer.Port));
        _peer.ReceiveResponse();
        var ok = _peer.ReceiveResponse();
        _peer.Send(SipTestMessages.Request("ACK", _peer.Port, "z9hG4bK-ack", "1-1@127.0.0.1", ok.To!.Tag));
        WaitUntil(() => _handler.Dialog?.Acked.IsCompleted == true);

        var hangup = _handler.Dialog!.HangupAsync();
        var bye = (SipRequest)_peer.Receive()!;
        Assert.Multiple(() =>
        {
            Assert.That(bye.Method, Is.EqualTo("BYE"));
            Assert.That(bye.RequestUri, Is.EqualTo($"sip:sipp@127.0.0.1:{_peer.Port}"));
            Assert.That(bye.From!.Tag, Is.EqualTo(ok.To!.Tag));
            Assert.That(bye.To!.Tag, Is.EqualTo("1SIPpTag001"));
        });

        var reply = SipResponse.Create(bye, 200);
        _peer.Send(SipSerializer.Serialize(reply));
        Assert.That(hangup.Wait(3000), Is.True);
        Assert.That(hangup.Result, Is.EqualTo(200));
    }

    [Test]
    public void Cancel_before_answer_gets_200_and_the_invite_gets_487()
    {
        IncomingCall? ringing = null;
        _handler.OnCall = call =>
        {
            call.SendProvisional(180);
            ringing = call;
        };
        _peer.Send(SipTestMessages.Invite(_peer.Port));
        _peer.ReceiveResponse();
        Assert.That(_peer.ReceiveResponse().StatusCode, Is.EqualTo(180));

        _peer.Send(SipTestMessages.Request("CANCEL", _peer.Port, "z9hG4bK-1-1-0", "1-1@127.0.0.1"));
        var codes = new[] { _peer.ReceiveResponse(), _peer.ReceiveResponse() }
            .Select(r => (r.StatusCode, r.CSeq!.Value.Method)).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(codes, Does.Contain((200, "CANCEL")));
            Assert.That(codes, Does.Contain((487, "INVITE")));
            Assert.That(ringing!.Cancelled.IsCancellationRequested, Is.True);
            Assert.That(ringing.Accept(default), Is.Null, "a cancelled call cannot be answered");
        });
    }

    [Test]
    public void Re_invites_go_to_the_modification_handler_and_their_2xx_is_retransmitted_until_acked()
    {
        _handler.OnCall = call => _handler.Dialog = call.Accept(Encoding.ASCII.GetBytes(SipTestMessages.SdpBody));
        _peer.Send(SipTestMessages.Invite(_peer.Port));
        _peer.ReceiveResponse();
        var ok = _peer.ReceiveResponse();
        var toTag = ok.To!.Tag!;
        _peer.Send(SipTestMessages.Request("ACK", _peer.Port, "z9hG4bK-ack1", "1-1@127.0.0.1", toTag));
        WaitUntil(() => _handler.Dialog?.Acked.IsCompleted == true);

        var reInvite = SipTestMessages.Invite(_peer.Port, branch: "z9hG4bK-re2").Replace("CSeq: 1 INVITE", "CSeq: 2 INVITE", StringComparison.Ordinal)
            .Replace("To: service <sip:service@127.0.0.1:5060>", $"To: service <sip:service@127.0.0.1:5060>;tag={toTag}", StringComparison.Ordinal);
        _peer.Send(reInvite);
        Assert.That(_peer.ReceiveResponse().StatusCode, Is.EqualTo(488), "no handler: the offer is refused, the call goes on");
        _peer.Send(SipTestMessages.Request("ACK", _peer.Port, "z9hG4bK-re2", "1-1@127.0.0.1", toTag, cseq: 2));

        _handler.Dialog!.ModificationHandler = _ => new SessionModification(200, Encoding.ASCII.GetBytes(SipTestMessages.SdpBody));
        _peer.Send(reInvite.Replace("z9hG4bK-re2", "z9hG4bK-re3", StringComparison.Ordinal).Replace("CSeq: 2 INVITE", "CSeq: 3 INVITE", StringComparison.Ordinal));
        var accepted = _peer.ReceiveResponse();
        Assert.Multiple(() =>
        {
            Assert.That(accepted.StatusCode, Is.EqualTo(200));
            Assert.That(accepted.ContentType, Is.EqualTo("application/sdp"));
        });

        _peer.Send(reInvite.Replace("z9hG4bK-re2", "z9hG4bK-re4", StringComparison.Ordinal).Replace("CSeq: 2 INVITE", "CSeq: 4 INVITE", StringComparison.Ordinal));
        var overlapping = _peer.ReceiveResponse();
        Assert.Multiple(() =>
        {
            Assert.That(overlapping.StatusCode, Is.EqualTo(500), "a re-INVITE while the previous one awaits its ACK");
            Assert.That(overlapping.Headers.Get("Retry-After"), Is.Not.Null);
        });
        _peer.Send(SipTestMessages.Request("ACK", _peer.Port, "z9hG4bK-re4", "1-1@127.0.0.1", toTag, cseq: 4));
        Thread.Sleep(200);

        _time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.That(_peer.ReceiveResponse().StatusCode, Is.EqualTo(200), "the re-INVITE's 2xx is retransmitted until its ACK");
        _peer.Send(SipTestMessages.Request("ACK", _peer.Port, "z9hG4bK-ack3", "1-1@127.0.0.1", toTag, cseq: 3));
        Thread.Sleep(300);
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.That(_peer.Receive(200), Is.Null, "no retransmission after the ACK");
    }

    private SipResponse AnswerInviteWith(string extraHeaders)
    {
        _handler.OnCall = call => _handler.Dialog = call.Accept(Encoding.ASCII.GetBytes(SipTestMessages.SdpBody));
        _peer.Send(SipTestMessages.Invite(_peer.Port).Replace("Max-Forwards: 70\r\n", "Max-Forwards: 70\r\n" + extraHeaders, StringComparison.Ordinal));
        _peer.ReceiveResponse();
        var ok = _peer.ReceiveResponse();
        _peer.Send(SipTestMessages.Request("ACK", _peer.Port, "z9hG4bK-ack-st", "1-1@127.0.0.1", ok.To!.Tag));
        WaitUntil(() => _handler.Dialog?.Acked.IsCompleted == true);
        return ok;
    }

    [Test]
    public void A_session_interval_below_min_se_gets_422()
    {
        _peer.Send(SipTestMessages.Invite(_peer.Port).Replace("Max-Forwards: 70\r\n", "Max-Forwards: 70\r\nSession-Expires: 30\r\n", StringComparison.Ordinal));
        var answer = _peer.ReceiveResponse();

        Assert.Multiple(() =>
        {
            Assert.That(answer.StatusCode, Is.EqualTo(422));
            Assert.That(answer.Headers.Get("Min-SE"), Is.EqualTo("90"));
        });
    }

    [Test]
    public void A_caller_that_refreshes_nothing_is_hung_up_when_the_session_expires()
    {
        var ok = AnswerInviteWith("Supported: timer\r\nSession-Expires: 120\r\nRequire: timer\r\n");
        Assert.Multiple(() =>
        {
            Assert.That(ok.StatusCode, Is.EqualTo(200), "Require: timer is supported");
            Assert.That(ok.Headers.Get("Session-Expires"), Is.EqualTo("120;refresher=uac"));
            Assert.That(ok.Headers.Get("Require"), Is.EqualTo("timer"));
        });

        _time.Advance(TimeSpan.FromSeconds(87));
        Assert.That(_peer.Receive(200), Is.Null, "before interval minus 32 s nothing happens");
        _time.Advance(TimeSpan.FromSeconds(2));
        var bye = (SipRequest)_peer.Receive()!;
        Assert.Multiple(() =>
        {
            Assert.That(bye.Method, Is.EqualTo("BYE"));
            Assert.That(bye.Headers.Get("Reason"), Does.Contain("Session expired"));
        });
    }

    [Test]
    public void A_caller_refresh_by_update_keeps_the_session()
    {
        var ok = AnswerInviteWith("Supported: timer\r\nSession-Expires: 120;refresher=uac\r\n");
        _time.Advance(TimeSpan.FromSeconds(60));
        _peer.Send(SipTestMessages.Request("UPDATE", _peer.Port, "z9hG4bK-upd", "1-1@127.0.0.1", ok.To!.Tag, cseq: 2)
            .Replace("Max-Forwards: 70\r\n", "Max-Forwards: 70\r\nSession-Expires: 120;refresher=uac\r\n", StringComparison.Ordinal));
        var refreshed = _peer.ReceiveResponse();
        Assert.That(refreshed.StatusCode, Is.EqualTo(200));
        Assert.That(refreshed.Headers.Get("Session-Expires"), Is.EqualTo("120;refresher=uac"));

        _time.Advance(TimeSpan.FromSeconds(60));
        Assert.That(_peer.Receive(300), Is.Null, "the refresh restarted the interval");
    }

    [Test]
    public void As_refresher_we_send_update_at_half_the_interval()
    {
        var ok = AnswerInviteWith("Session-Expires: 100\r\nAllow: INVITE, ACK, BYE, CANCEL, UPDATE\r\n");
        Assert.That(ok.Headers.Get("Session-Expires"), Is.EqualTo("100;refresher=uas"));

        _time.Advance(TimeSpan.FromSeconds(50));
        var update = (SipRequest)_peer.Receive()!;
        Assert.Multiple(() =>
        {
            Assert.That(update.Method, Is.EqualTo("UPDATE"));
            Assert.That(update.Headers.Get("Session-Expires"), Is.EqualTo("100;refresher=uas"));
        });
        _peer.Send(SipSerializer.Serialize(SipResponse.Create(update, 200)));
    }

    [Test]
    public void The_same_request_arriving_by_another_path_gets_482()
    {
        _peer.Send(SipTestMessages.Request("OPTIONS", _peer.Port, "z9hG4bK-path1", "loop-1"));
        Assert.That(_peer.ReceiveResponse().StatusCode, Is.EqualTo(200));

        _peer.Send(SipTestMessages.Request("OPTIONS", _peer.Port, "z9hG4bK-path2", "loop-1"));
        Assert.That(_peer.ReceiveResponse().StatusCode, Is.EqualTo(482));

        _time.Advance(TimeSpan.FromSeconds(33));
        _peer.Send(SipTestMessages.Request("OPTIONS", _peer.Port, "z9hG4bK-path3", "loop-1"));
        Assert.That(_peer.ReceiveResponse().StatusCode, Is.EqualTo(200), "once the first transaction is gone the identity is free");
    }

    [Test]
    public void Cancel_and_bye_for_unknown_calls_get_481()
    {
        _peer.Send(SipTestMessages.Request("CANCEL", _peer.Port, "z9hG4bK-none", "nope"));
        Assert.That(_peer.ReceiveResponse().StatusCode, Is.EqualTo(481));
        _peer.Send(SipTestMessages.Request("BYE", _peer.Port, "z9hG4bK-none2", "nope", "sometag"));
        Assert.That(_peer.ReceiveResponse().StatusCode, Is.EqualTo(481));
    }

    [TestCase("REGISTER", 405)]
    [TestCase("FOOBAR", 501)]
    public void Methods_we_do_not_serve_are_refused(string method, int status)
    {
        _peer.Send(SipTestMessages.Request(method, _peer.Port, "z9hG4bK-m", "m-1"));

        var response = _peer.ReceiveResponse();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(status));
            Assert.That(response.Headers.Get("Allow"), Does.Contain("INVITE"));
        });
    }

    [Test]
    public void Required_extensions_we_lack_get_420_with_unsupported()
    {
        var text = SipTestMessages.Request("OPTIONS", _peer.Port, "z9hG4bK-r", "r-1").Replace("Max-Forwards", "Require: foo, bar\r\nMax-Forwards", StringComparison.Ordinal);
        _peer.Send(text);

        var response = _peer.ReceiveResponse();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(420));
            Assert.That(response.Headers.Get("Unsupported"), Is.EqualTo("foo, bar"));
        });
    }

    [Test]
    public void Malformed_input_is_answered_400_where_possible_dropped_otherwise_and_leaks_nothing()
    {
        var missingCallId = string.Join("\r\n", SipTestMessages.Invite(_peer.Port).Split("\r\n").Where(l => !l.StartsWith("Call-ID", StringComparison.Ordinal)));
        var truncated = SipTestMessages.Invite(_peer.Port)[..^20];
        var garbage = new byte[300];
        new Random(7).NextBytes(garbage);

        _peer.Send(missingCallId);
        var first = _peer.ReceiveResponse();
        _peer.Send(truncated);
        var second = _peer.ReceiveResponse();
        _peer.Send(garbage);
        _peer.Send("\r\n\r\n");
        _peer.Send(SipTestMessages.Request("ACK", _peer.Port, "z9hG4bK-a", "a").Replace("CSeq: 1 ACK", "CSeq: x", StringComparison.Ordinal));

        Assert.Multiple(() =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(400));
            Assert.That(first.ReasonPhrase, Does.Contain("Call-ID"));
            Assert.That(second.StatusCode, Is.EqualTo(400));
            Assert.That(_peer.Receive(300), Is.Null, "garbage, keep-alives and bad ACKs get no answer");
        });

        _peer.Send(SipTestMessages.Request("OPTIONS", _peer.Port, "z9hG4bK-after", "after"));
        Assert.That(_peer.ReceiveResponse().StatusCode, Is.EqualTo(200), "still serving");
        Assert.Multiple(() =>
        {
            Assert.That(_stack.Stats.MalformedAnswered, Is.EqualTo(2));
            Assert.That(_stack.Stats.MalformedDropped, Is.EqualTo(2));
            Assert.That(_stack.Transactions.ServerCount, Is.EqualTo(1), "only the OPTIONS made a transaction");
        });
    }

    private static void WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("condition not reached in 5 s");
            }

            Thread.Sleep(5);
        }
    }

    [Test]
    public void Requests_are_counted_by_method_and_responses_by_code()
    {
        _handler.OnCall = call => call.Reject(486);
        _peer.Send(SipTestMessages.Request("OPTIONS", _peer.Port, "z9hG4bKstats1", "stats-1"));
        Assert.That(_peer.ReceiveResponse().StatusCode, Is.EqualTo(200));
        _peer.Send(SipTestMessages.Invite(_peer.Port));
        Assert.That(_peer.ReceiveResponse().StatusCode, Is.EqualTo(100));
        Assert.That(_peer.ReceiveResponse().StatusCode, Is.EqualTo(486));
        _peer.Send(SipTestMessages.Request("FOO", _peer.Port, "z9hG4bKstats2", "stats-2"));
        var unknown = _peer.ReceiveResponse().StatusCode;

        var byMethod = _stack.Stats.RequestsByMethod();
        var sent = _stack.Stats.ResponsesSentByCode();
        int Slot(string method) => SipStats.CountedMethods.ToList().IndexOf(method);
        Assert.Multiple(() =>
        {
            Assert.That(byMethod[Slot("OPTIONS")], Is.EqualTo(1));
            Assert.That(byMethod[Slot("INVITE")], Is.EqualTo(1));
            Assert.That(byMethod[Slot("other")], Is.EqualTo(1), "an unknown method is counted as other");
            Assert.That(byMethod.Sum(), Is.EqualTo(_stack.Stats.RequestsReceived));
            Assert.That(sent[200], Is.EqualTo(1));
            Assert.That(sent[100], Is.EqualTo(1));
            Assert.That(sent[486], Is.EqualTo(1));
            Assert.That(sent[unknown], Is.EqualTo(1), "the answer to FOO");
            Assert.That(_stack.Stats.ResponsesReceivedByCode().Sum(), Is.Zero);
        });
    }

    private sealed class RecordingHandler : ISipCallHandler
    {
        public Action<IncomingCall> OnCall { get; set; } = _ => { };

        public SipDialog? Dialog { get; set; }

        public void OnIncomingCall(IncomingCall call) => OnCall(call);
    }
}
