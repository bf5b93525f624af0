using System.Text;
using Telephony.Calls.Cdr;
using Telephony.Calls.Control;
using Telephony.Calls.Events;
using Telephony.Calls.Flows;
using Telephony.Sip.Dialogs;

namespace Telephony.Calls.Tests.Control;

/// <summary>
/// Outbound legs through the real SIP stack on loopback: our offer, the answer choosing the codec,
/// the flow named by the request, the CDR row opened before the INVITE and completed after, the
/// events, the registry, and failures (busy, no answer in time, hung up by id) as results and causes.
/// </summary>
public class OriginateTests
{
    [Test]
    public async Task An_answered_leg_runs_the_named_flow_with_its_variables_and_leaves_a_complete_outbound_cdr()
    {
        string? offer = null;
        var openedBeforeInvite = false;
        OutboundRig rig = null!;
        rig = new OutboundRig(incoming =>
        {
            offer = Encoding.ASCII.GetString(incoming.Invite.Body.Span);
            openedBeforeInvite = rig.Cdrs.Opened.Any(r => r.CallId == incoming.CallId);
            incoming.SendProvisional(180);
            incoming.Accept(OutboundRig.Answer(incoming, "PCMA"));
        });
        await using var _ = rig;
        var flows = (OutboundRig.RecordingFlows)rig.Flows;

        var placed = rig.Manager.Originate(new OriginateRequest(rig.CalleeUri, From: "+15550100", Flow: "test/greet", Variables: new Dictionary<string, string> { ["customer"] = "42" }));
        var snapshotAtOnce = rig.Manager.Find(placed.CallId);
        var result = await placed.Result.WaitAsync(TimeSpan.FromSeconds(20));
        var ran = await flows.Ran.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var live = rig.Manager.Find(placed.CallId);
        var cdr = await OutboundRig.WaitForAsync(() => rig.Cdrs.Written.FirstOrDefault(r => r.CallId == placed.CallId), "the CDR");
        var events = rig.Events.Published.Where(e => e.CallId == placed.CallId).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(snapshotAtOnce, Is.Not.Null, "listed from the moment Originate returns");
            Assert.That(snapshotAtOnce!.Direction, Is.EqualTo(CallDirection.Outbound));
            Assert.That(result, Is.EqualTo(new CallAttemptResult(true, 200, "answered", "OK")));
            Assert.That(offer, Does.Contain("m=audio").And.Contain("PCMU/8000").And.Contain("PCMA/8000").And.Contain("G722/8000").And.Contain("telephone-event/8000"));
            Assert.That(openedBeforeInvite, Is.True, "the CDR row is opened before the INVITE goes out");
            Assert.That(rig.Cdrs.Opened.Single().Cause, Is.EqualTo("in-progress"));
            Assert.That(ran.Flow, Is.EqualTo("test/greet"));
            Assert.That(ran.Direction, Is.EqualTo(CallDirection.Outbound));
            Assert.That(ran.Variables!["customer"], Is.EqualTo("42"));
            Assert.That(live!.State, Is.EqualTo(CallState.Answered));
            Assert.That(live.Codec, Is.EqualTo("PCMA"), "the answer sets the codec");
            Assert.That((live.Flow, live.Step), Is.EqualTo(("test/greet", "greet/hello")));
            Assert.That(cdr.Direction, Is.EqualTo(CallDirection.Outbound));
            Assert.That(cdr.From, Is.EqualTo("sip:+15550100@127.0.0.1"));
            Assert.That(cdr.To, Is.EqualTo(rig.CalleeUri));
            Assert.That((cdr.Cause, cdr.SipStatus, cdr.EndedBy, cdr.Codec), Is.EqualTo(("normal", (int?)200, CallEndedBy.Server, "PCMA")));
            Assert.That(cdr.Flow, Is.EqualTo("test/greet: hangup normal at greet/bye"));
            Assert.That(cdr.AnsweredAt, Is.Not.Null);
            Assert.That(events.Select(e => e.Type), Is.EqualTo(new[]
            {
                CallEventType.Started, CallEventType.Ringing, CallEventType.Answered, CallEventType.Step, CallEventType.Ended,
            }));
            Assert.That(events[0].Data["direction"], Is.EqualTo("outbound"));
            Assert.That(events[2].Data["codec"], Is.EqualTo("PCMA"));
            Assert.That(events[3].Data["step"], Is.EqualTo("greet/hello"));
            Assert.That(events[4].Data["cause"], Is.EqualTo("normal"));
            Assert.That(events[4].Data["sip_status"], Is.EqualTo("200"));
            Assert.That(events[4].Data["ended_by"], Is.EqualTo("server"));
        });
        await OutboundRig.WaitForAsync(() => rig.Manager.Find(placed.CallId) is null ? "gone" : null, "the leg to leave the registry");
    }

    [Test]
    public async Task A_busy_callee_is_a_busy_result_and_cdr_ended_by_the_callee()
    {
        await using var rig = new OutboundRig(incoming => incoming.Reject(486, "Busy Here"));

        var placed = rig.Manager.Originate(new OriginateRequest(rig.CalleeUri, Flow: "test/greet"));
        var result = await placed.Result.WaitAsync(TimeSpan.FromSeconds(20));
        var cdr = await OutboundRig.WaitForAsync(() => rig.Cdrs.Written.FirstOrDefault(r => r.CallId == placed.CallId), "the CDR");

        Assert.Multiple(() =>
        {
            Assert.That((result.Answered, result.SipStatus, result.Cause), Is.EqualTo((false, 486, "busy")));
            Assert.That((cdr.Cause, cdr.SipStatus, cdr.EndedBy, cdr.AnsweredAt), Is.EqualTo(("busy", (int?)486, CallEndedBy.Callee, (DateTimeOffset?)null)));
            Assert.That(((OutboundRig.RecordingFlows)rig.Flows).Ran.Task.IsCompleted, Is.False, "no flow runs on an unanswered leg");
        });
    }

    [Test]
    public async Task A_callee_that_only_rings_is_cancelled_at_the_ring_timeout()
    {
        await using var rig = new OutboundRig(incoming => incoming.SendProvisional(180));

        var placed = rig.Manager.Originate(new OriginateRequest(rig.CalleeUri, RingTimeout: TimeSpan.FromSeconds(1)));
        var ringing = await OutboundRig.WaitForAsync(() => rig.Manager.Find(placed.CallId) is { State: CallState.Ringing } s ? s : null, "ringing");
        var result = await placed.Result.WaitAsync(TimeSpan.FromSeconds(20));
        var cdr = await OutboundRig.WaitForAsync(() => rig.Cdrs.Written.FirstOrDefault(r => r.CallId == placed.CallId), "the CDR");

        Assert.Multiple(() =>
        {
            Assert.That(ringing.State, Is.EqualTo(CallState.Ringing));
            Assert.That((result.Answered, result.SipStatus, result.Cause), Is.EqualTo((false, 487, "no-answer")));
            Assert.That((cdr.Cause, cdr.SipStatus, cdr.EndedBy), Is.EqualTo(("no-answer", (int?)487, CallEndedBy.System)));
        });
    }

    [Test]
    public async Task Hanging_up_a_ringing_leg_by_id_cancels_its_invite()
    {
        await using var rig = new OutboundRig(incoming => incoming.SendProvisional(180));

        var placed = rig.Manager.Originate(new OriginateRequest(rig.CalleeUri));
        await OutboundRig.WaitForAsync(() => rig.Manager.Find(placed.CallId) is { State: CallState.Ringing } s ? s : null, "ringing");
        var hungUp = await rig.Manager.HangupAsync(placed.CallId);
        var result = await placed.Result.WaitAsync(TimeSpan.FromSeconds(20));
        var cdr = await OutboundRig.WaitForAsync(() => rig.Cdrs.Written.FirstOrDefault(r => r.CallId == placed.CallId), "the CDR");

        Assert.Multiple(() =>
        {
            Assert.That(hungUp, Is.True);
            Assert.That((result.Answered, result.SipStatus), Is.EqualTo((false, 487)));
            Assert.That((cdr.Cause, cdr.EndedBy, cdr.SipStatus), Is.EqualTo(("api", CallEndedBy.Server, (int?)487)));
        });
        Assert.That(await rig.Manager.HangupAsync(placed.CallId), Is.False, "a leg that ended is no longer live");
    }

    [Test]
    public async Task Bad_requests_name_the_member_at_fault_and_place_nothing()
    {
        await using var rig = new OutboundRig(incoming => Assert.Fail("no INVITE may go out"));

        Assert.Multiple(() =>
        {
            Assert.That(() => rig.Manager.Originate(new OriginateRequest(rig.CalleeUri, Flow: "nope")), Throws.ArgumentException.With.Property("ParamName").EqualTo("flow"));
            Assert.That(() => rig.Manager.Originate(new OriginateRequest("+15551234567")), Throws.ArgumentException.With.Property("ParamName").EqualTo("to").And.Message.Contains("trunks"));
            Assert.That(() => rig.Manager.Originate(new OriginateRequest("not a number")), Throws.ArgumentException.With.Property("ParamName").EqualTo("to"));
            Assert.That(() => rig.Manager.Originate(new OriginateRequest(rig.CalleeUri, Trunk: "carrier")), Throws.ArgumentException.With.Property("ParamName").EqualTo("trunk"));
            Assert.That(() => rig.Manager.Originate(new OriginateRequest(rig.CalleeUri, From: "Bob <x>")), Throws.ArgumentException.With.Property("ParamName").EqualTo("from"));
            Assert.That(() => rig.Manager.Originate(new OriginateRequest(rig.CalleeUri, RingTimeout: TimeSpan.Zero)), Throws.ArgumentException.With.Property("ParamName").EqualTo("timeout"));
        });
        Assert.That(rig.Manager.Count, Is.Zero);
        Assert.That(rig.Cdrs.Opened, Is.Empty);
    }
}
