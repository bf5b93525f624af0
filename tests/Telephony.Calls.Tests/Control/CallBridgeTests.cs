using System.Collections.Concurrent;
using Telephony.Calls.Bridging;
using Telephony.Calls.Cdr;
using Telephony.Calls.Control;
using Telephony.Calls.Events;
using Telephony.Calls.Flows;
using Telephony.Media.Codecs;

namespace Telephony.Calls.Tests.Control;

/// <summary>
/// Two live legs joined by <see cref="CallManager.Bridge"/> (the primitive queues and campaigns will
/// use): the media bridge seam gets both legs' negotiated media and is disposed when the bridge
/// ends; an end of either leg ends the other; the CDRs and events name the peer.
/// </summary>
public class CallBridgeTests
{
    /// <summary>Flows that keep a leg until it ends (as an agent's or a held caller's would).</summary>
    private sealed class HoldingFlows : ICallFlows
    {
        public async Task RunAsync(CallFlowRequest request)
        {
            var ended = new TaskCompletionSource();
            using var registration = request.Call.Ended.Register(() => ended.TrySetResult());
            await ended.Task;
        }

        public bool CanRun(string flow, out string? error)
        {
            error = null;
            return true;
        }
    }

    /// <summary>Records what the seam is handed; it relays nothing (the media layer's bridge does).</summary>
    private sealed class RecordingMediaBridges : IMediaBridgeFactory
    {
        public ConcurrentQueue<(MediaLeg A, MediaLeg B)> Created { get; } = new();

        public TaskCompletionSource Disposed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IMediaBridge Create(MediaLeg a, MediaLeg b)
        {
            Created.Enqueue((a, b));
            return new Bridge(Disposed);
        }

        private sealed class Bridge(TaskCompletionSource disposed) : IMediaBridge
        {
            public ValueTask DisposeAsync()
            {
                disposed.TrySetResult();
                return ValueTask.CompletedTask;
            }
        }
    }

    [Test]
    public async Task Bridged_legs_get_the_media_bridge_end_together_and_name_each_other()
    {
        var codecs = new ConcurrentQueue<string>(["PCMU", "G722"]);
        var media = new RecordingMediaBridges();
        await using var rig = new OutboundRig(incoming => incoming.Accept(OutboundRig.Answer(incoming, codecs.TryDequeue(out var c) ? c : "PCMA")), new HoldingFlows(), media);

        var a = rig.Manager.Originate(new OriginateRequest(rig.CalleeUri, Flow: "hold"));
        Assert.That((await a.Result.WaitAsync(TimeSpan.FromSeconds(20))).Answered, Is.True);
        var b = rig.Manager.Originate(new OriginateRequest(rig.CalleeUri, Flow: "hold"));
        Assert.That((await b.Result.WaitAsync(TimeSpan.FromSeconds(20))).Answered, Is.True);

        var bridge = rig.Manager.Bridge(a.CallId, b.CallId);
        var bridgedA = rig.Manager.Find(a.CallId);
        Assert.That(rig.Manager.Bridge(a.CallId, "no-such-leg"), Is.Null, "only live, answered legs can be bridged");
        await rig.Manager.HangupAsync(b.CallId, "api");
        await bridge!.Completion.WaitAsync(TimeSpan.FromSeconds(20));
        var cdrA = await OutboundRig.WaitForAsync(() => rig.Cdrs.Written.FirstOrDefault(r => r.CallId == a.CallId), "A's CDR");
        var cdrB = await OutboundRig.WaitForAsync(() => rig.Cdrs.Written.FirstOrDefault(r => r.CallId == b.CallId), "B's CDR");
        var (legA, legB) = media.Created.Single();

        Assert.Multiple(() =>
        {
            Assert.That(bridge.RelaysMedia, Is.True);
            Assert.That((legA.CallId, legA.Encoding, legA.PayloadType), Is.EqualTo((a.CallId, AudioEncoding.Pcmu, 0)));
            Assert.That((legB.CallId, legB.Encoding, legB.PayloadType), Is.EqualTo((b.CallId, AudioEncoding.G722, 9)));
            Assert.That(legA.TelephoneEventPayloadType, Is.Not.Null);
            Assert.That(media.Disposed.Task.IsCompleted, Is.True, "the media bridge is disposed when the bridge ends");
            Assert.That((bridgedA!.State, bridgedA.PeerCallId), Is.EqualTo((CallState.Bridged, b.CallId)));
            Assert.That((cdrB.Cause, cdrB.PeerCallId), Is.EqualTo(("api", a.CallId)));
            Assert.That((cdrA.Cause, cdrA.EndedBy, cdrA.PeerCallId), Is.EqualTo(("peer-hangup", CallEndedBy.Server, b.CallId)));
            Assert.That(rig.Events.Published.Where(e => e.Type == CallEventType.Bridged).Select(e => (e.CallId, e.Data["peer_call_id"])),
                Is.EquivalentTo(new[] { (a.CallId, (string?)b.CallId), (b.CallId, (string?)a.CallId) }));
        });
    }

    /// <summary>A leg whose flow transfers it by bridge to <see cref="Target"/> and records the result.</summary>
    private sealed class TransferringFlows : ICallFlows
    {
        public string Target { get; set; } = string.Empty;

        public TaskCompletionSource<CallAttemptResult> Transferred { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task RunAsync(CallFlowRequest request)
        {
            var result = await request.Call.TransferAsync(Target, TransferMode.Bridge, TimeSpan.FromSeconds(10));
            Transferred.TrySetResult(result);
            if (!result.Answered)
            {
                await request.Call.HangupAsync("busy"); // the flow's fallback
            }
        }

        public bool CanRun(string flow, out string? error)
        {
            error = null;
            return true;
        }
    }

    [Test]
    public async Task Early_media_from_a_target_that_then_refuses_is_relayed_meanwhile_and_given_back()
    {
        var media = new RecordingMediaBridges();
        var flows = new TransferringFlows();
        await using var rig = new OutboundRig(incoming =>
        {
            if (incoming.To.Uri.Contains("caller", StringComparison.Ordinal))
            {
                incoming.Accept(OutboundRig.Answer(incoming, "PCMU"));
                return;
            }

            // The target: early media (183 with SDP), then busy.
            incoming.SendProvisional(183, OutboundRig.Answer(incoming, "PCMA"));
            _ = Task.Delay(300).ContinueWith(_ => incoming.Reject(486, "Busy Here"), TaskScheduler.Default);
        }, flows, media);
        flows.Target = rig.CalleeUri;

        var caller = rig.Manager.Originate(new OriginateRequest(rig.CalleeUri.Replace("agent", "caller", StringComparison.Ordinal), Flow: "transfer"));
        var transfer = await flows.Transferred.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var callerCdr = await OutboundRig.WaitForAsync(() => rig.Cdrs.Written.FirstOrDefault(r => r.CallId == caller.CallId), "the caller's CDR");
        var agentCdr = await OutboundRig.WaitForAsync(() => rig.Cdrs.Written.FirstOrDefault(r => r.CallId != caller.CallId), "the target's CDR");
        Assert.That(media.Created, Has.Count.EqualTo(1), string.Join("\n", rig.LogLines));
        var (legA, legB) = media.Created.Single();

        Assert.Multiple(() =>
        {
            Assert.That((transfer.Answered, transfer.SipStatus, transfer.Cause), Is.EqualTo((false, 486, "busy")));
            Assert.That((legA.CallId, legA.Encoding), Is.EqualTo((caller.CallId, AudioEncoding.Pcmu)));
            Assert.That((legB.CallId, legB.Encoding), Is.EqualTo((agentCdr.CallId, AudioEncoding.Pcma)), "the early media's SDP set the target's codec");
            Assert.That(media.Disposed.Task.IsCompleted, Is.True, "the caller's media is given back when the target refuses");
            Assert.That((callerCdr.Cause, callerCdr.PeerCallId), Is.EqualTo(("busy", (string?)null)), "the caller went on with its flow (its fallback), never bridged");
            Assert.That((agentCdr.Cause, agentCdr.SipStatus, agentCdr.PeerCallId), Is.EqualTo(("busy", (int?)486, (string?)null)));
        });
    }
}
