using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Telephony.Calls.Cdr;
using Telephony.Calls.Events;
using Telephony.Calls.Flows;
using Telephony.Calls.Prompts;
using Telephony.Media.Clock;
using Telephony.Media.Rtp;
using Telephony.Sdp;
using Telephony.Sdp.Negotiation;
using Telephony.Sip;
using Telephony.Sip.Dialogs;

namespace Telephony.Calls.Tests.Control;

/// <summary>
/// A server (real call manager on a real SIP stack on loopback) and a callee (a second real SIP
/// stack whose behaviour each test chooses). CDRs and events are collected in memory as the
/// server hands them out; the flow is the test's.
/// </summary>
internal sealed class OutboundRig : IAsyncDisposable
{
    private readonly MediaClock _clock = new();
    private readonly RtpSocketPool _sockets;
    private readonly SipStack _calleeStack;

    public OutboundRig(Action<IncomingCall> callee, ICallFlows? flows = null, Bridging.IMediaBridgeFactory? mediaBridges = null)
    {
        var rtpBase = 30000 + (Random.Shared.Next(0, 40) * 200);
        _sockets = new RtpSocketPool(new RtpPortPool(rtpBase, rtpBase + 198));
        Services = new CallServices(new PromptLibrary(Path.GetTempPath()), _clock, _sockets, Cdrs, TimeProvider.System, Log: LogLines.Enqueue,
            RtpTimeoutSeconds: 0, CallLog: LogLines.Enqueue, Events: Events, MediaBridges: mediaBridges);
        Flows = flows ?? new RecordingFlows();
        Manager = new CallManager(Services, Flows);
        Server = new SipStack(new SipStackOptions { BindAddress = IPAddress.Loopback, Port = 0 }) { CallHandler = Manager };
        Server.Start();
        Manager.Sip = Server;
        _calleeStack = new SipStack(new SipStackOptions { BindAddress = IPAddress.Loopback, Port = 0 }) { CallHandler = new Handler(callee) };
        _calleeStack.Start();
    }

    public CollectingCdrs Cdrs { get; } = new();

    public CollectingEvents Events { get; } = new();

    public ConcurrentQueue<string> LogLines { get; } = new();

    public CallServices Services { get; }

    public ICallFlows Flows { get; }

    public CallManager Manager { get; }

    public SipStack Server { get; }

    public string CalleeUri => $"sip:agent@127.0.0.1:{_calleeStack.UdpEndPoint!.Port}";

    /// <summary>An SDP answer to <paramref name="incoming"/>'s offer taking only <paramref name="codec"/>.</summary>
    public static byte[] Answer(IncomingCall incoming, string codec)
    {
        var offer = SessionDescription.Parse(Encoding.ASCII.GetString(incoming.Invite.Body.Span));
        var answer = OfferAnswer.Answer(offer, new AnswerOptions { LocalAddress = "127.0.0.1", LocalPort = 9, Codecs = [codec] });
        return Encoding.ASCII.GetBytes(answer.Answer!.ToString());
    }

    public static async Task<T> WaitForAsync<T>(Func<T?> probe, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (probe() is { } value)
            {
                return value;
            }

            await Task.Delay(10);
        }

        Assert.Fail("timed out waiting for " + what);
        return default!;
    }

    public async ValueTask DisposeAsync()
    {
        await Manager.DisposeAsync();
        _calleeStack.Dispose();
        Server.Dispose();
        _clock.Dispose();
        await _sockets.DisposeAsync();
    }

    private sealed class Handler(Action<IncomingCall> callee) : ISipCallHandler
    {
        public void OnIncomingCall(IncomingCall incoming) => callee(incoming);
    }

    /// <summary>The records and intents the server handed to its CDR sink, in order.</summary>
    public sealed class CollectingCdrs : ICdrSink
    {
        public ConcurrentQueue<CallDetailRecord> Written { get; } = new();

        public ConcurrentQueue<CallDetailRecord> Opened { get; } = new();

        public void Write(CallDetailRecord record) => Written.Enqueue(record);

        public Task OpenAsync(CallDetailRecord intent)
        {
            Opened.Enqueue(intent);
            return Task.CompletedTask;
        }
    }

    /// <summary>The events the server published, in order.</summary>
    public sealed class CollectingEvents : ICallEventSink
    {
        public ConcurrentQueue<(string Type, string CallId, IReadOnlyDictionary<string, string?> Data)> Published { get; } = new();

        public void Publish(string type, string callId, IReadOnlyDictionary<string, string?> data) => Published.Enqueue((type, callId, data));
    }

    /// <summary>Flows by name: <c>test/greet</c> exists; running it records the request, reports a step and hangs up after <see cref="Hold"/>.</summary>
    public sealed class RecordingFlows : ICallFlows
    {
        public TaskCompletionSource<CallFlowRequest> Ran { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TimeSpan Hold { get; init; } = TimeSpan.FromMilliseconds(300);

        public async Task RunAsync(CallFlowRequest request)
        {
            request.Report.StepEntered("test/greet", "greet/hello");
            Ran.TrySetResult(request);
            await Task.Delay(Hold);
            request.Report.FlowOutcome = "test/greet: hangup normal at greet/bye";
            await request.Call.HangupAsync("normal");
        }

        public bool CanRun(string flow, out string? error)
        {
            error = flow == "test/greet" ? null : $"no flow '{flow}'";
            return error is null;
        }
    }
}
