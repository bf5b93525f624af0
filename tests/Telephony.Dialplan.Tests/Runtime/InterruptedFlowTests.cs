using Telephony.Calls;
using Telephony.Calls.Cdr;
using Telephony.Dialplan.Runtime;

namespace Telephony.Dialplan.Tests.Runtime;

/// <summary>
/// A call ended under its flow by someone other than the caller (shutdown, an API hang-up): the
/// flow stops where the call was, and its outcome names who ended it, not the flow's last step.
/// </summary>
public class InterruptedFlowTests
{
    [Test]
    public void A_shutdown_while_the_gather_waits_stops_the_flow_at_the_gather()
    {
        // As a real call does while its BYE is on the wire: the end is decided, Ended not yet
        // signalled, the gather returns what it had, and nothing throws yet.
        var call = new EndingCall(throwOnceEnded: false);

        var result = Run(call);

        Assert.Multiple(() =>
        {
            Assert.That(result.ToString(), Is.EqualTo("interrupted by shutdown at main/gather@12:7"));
            Assert.That(call.Played, Is.EqualTo(new[] { "welcome" }), "nothing after the gather may play");
        });
    }

    [Test]
    public void A_gather_that_throws_because_the_server_ended_the_call_is_not_a_caller_hangup()
    {
        var call = new EndingCall(throwOnceEnded: true);

        var result = Run(call);

        Assert.That(result.ToString(), Is.EqualTo("interrupted by shutdown at main/gather@12:7"));
    }

    [Test]
    public void An_answer_never_acked_says_no_ack_rather_than_interrupted()
    {
        var call = new EndingCall(throwOnceEnded: true, endedBy: CallEndedBy.System, cause: "no-ack");

        var result = Run(call);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(FlowResult.NoAck));
            Assert.That(result.ToString(), Is.EqualTo("no ACK for the answer at main/gather@12:7"));
        });
    }

    [Test]
    public void A_caller_hangup_stays_a_caller_hangup()
    {
        var call = new EndingCall(throwOnceEnded: true, endedBy: CallEndedBy.Caller, cause: "BYE");

        var result = Run(call);

        Assert.That(result.ToString(), Is.EqualTo("caller-hangup hangup at main/gather@12:7"));
    }

    private static FlowResult Run(EndingCall call)
    {
        var model = Simulation.Sample("demo.yaml");
        using var http = new HttpClient();
        var match = DialplanRouter.Route([model], CallInfo.From(call), TimeProvider.System)!;
        var task = FlowRunner.RunAsync(match, call, new FlowRuntimeOptions(http, TimeProvider.System), NullFlowObserver.Instance);
        Assert.That(task.Wait(TimeSpan.FromSeconds(10)), Is.True, "the flow did not end");
        return task.Result;
    }

    /// <summary>A plain call that the server ends while the flow waits for digits.</summary>
    private sealed class EndingCall(bool throwOnceEnded, string endedBy = CallEndedBy.Server, string cause = "shutdown") : ICall
    {
        public List<string> Played { get; } = [];

        public CallEnd? HowEnded { get; private set; }

        public string CallId => "ending";

        public string From => "sip:+15551234@example.com";

        public string To => "sip:100@example.com";

        public CancellationToken Ended => CancellationToken.None;

        public Task RingAsync(TimeSpan duration) => Task.CompletedTask;

        public Task AnswerAsync() => Task.CompletedTask;

        public Task PlayAsync(IReadOnlyList<string> prompts, bool interruptible)
        {
            ThrowIfEnded();
            Played.AddRange(prompts);
            return Task.CompletedTask;
        }

        public Task<string> GatherDigitsAsync(GatherOptions options)
        {
            HowEnded = new CallEnd(endedBy, cause);
            ThrowIfEnded();
            return Task.FromResult(string.Empty);
        }

        // Already ended: a hang-up changes nothing (as Call.EndAsync once the outcome is set).
        public Task HangupAsync(string cause = "normal") => Task.CompletedTask;

        public string Header(string name) => string.Empty;

        public Task<Telephony.Calls.Playback.PlayListResult> PlayListAsync(IReadOnlyList<Telephony.Calls.Playback.PlayListItem> items, bool interruptible) => throw new NotSupportedException();

        public Task<Telephony.Calls.Playback.PlayListResult> PlayToneAsync(Telephony.Calls.Playback.CallTone tone, TimeSpan? duration = null) => throw new NotSupportedException();

        public Task<Telephony.Calls.Playback.PlayListResult> PlaySilenceAsync(TimeSpan duration) => throw new NotSupportedException();

        public Task SendDigitsAsync(string digits, TimeSpan? toneLength = null) => throw new NotSupportedException();

        public bool PausePlayback() => throw new NotSupportedException();

        public bool ResumePlayback() => throw new NotSupportedException();

        public void StopPlayback() => throw new NotSupportedException();

        public Task<Telephony.Calls.Control.CallAttemptResult> TransferAsync(string target, Telephony.Calls.Control.TransferMode mode, TimeSpan timeout, string? callerId = null) => throw new NotSupportedException();

        private void ThrowIfEnded()
        {
            if (throwOnceEnded && HowEnded is not null)
            {
                throw new CallEndedException();
            }
        }
    }
}
