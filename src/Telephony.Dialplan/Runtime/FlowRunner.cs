using Telephony.Calls;
using Telephony.Calls.Cdr;
using Telephony.Dialplan.Model;
using Telephony.Dialplan.Model.Steps;

namespace Telephony.Dialplan.Runtime;

/// <summary>
/// Runs a routed flow on one call: each flow (and each subflow it calls) is compiled to a
/// Stateless machine; the current state's step runs against the call, and the outcome its call
/// events produce (digit, speech, playback done, timeout, HTTP result) is fired into the machine,
/// which names the next step. A hangup by the caller ends the machine in any state.
/// </summary>
/// <remarks>
/// Never throws: a step that fails ends the call with cause <c>error</c> and the failure in the
/// result. The same runner serves real calls, tests and the simulator; only the <see cref="ICall"/> differs.
/// </remarks>
public sealed class FlowRunner
{
    private readonly RouteMatch _match;
    private readonly FlowCall _call;
    private readonly CallVariables _vars;
    private readonly StepExecutor _steps;
    private readonly IFlowObserver _observer;
    private readonly int _maxSteps;
    private int _stepsRun;
    private string _flow = string.Empty;
    private string _step = string.Empty;

    /// <summary>A runner for a real call: what it lacks beyond <see cref="ICall"/> is done the nearest real way.</summary>
    public FlowRunner(RouteMatch match, ICall call, CallInfo info, FlowRuntimeOptions options, IFlowObserver observer)
        : this(match, call, null, info, options, observer)
    {
    }

    /// <summary>A runner for a call with everything a dialplan can ask (the simulator).</summary>
    public FlowRunner(RouteMatch match, IDialplanCall call, CallInfo info, FlowRuntimeOptions options, IFlowObserver observer)
        : this(match, call, (IDialplanCall?)call, info, options, observer)
    {
    }

    private FlowRunner(RouteMatch match, ICall call, IDialplanCall? full, CallInfo info, FlowRuntimeOptions options, IFlowObserver observer)
    {
        ArgumentNullException.ThrowIfNull(options);
        _match = match;
        _observer = observer;
        _maxSteps = options.MaxSteps;
        _call = new FlowCall(call, full, observer, options.Speech);
        _vars = new CallVariables(match.Dialplan, info, options.Time) { OnSet = observer.VariableSet };
        _steps = new StepExecutor(_call, _vars, new HttpStepRunner(options.Http), observer, options.Queues);
    }

    /// <summary>The call's variables (set overrides before <see cref="RunAsync"/>; read results after).</summary>
    public CallVariables Variables => _vars;

    public static Task<FlowResult> RunAsync(RouteMatch match, ICall call, FlowRuntimeOptions options, IFlowObserver observer) =>
        new FlowRunner(match, call, CallInfo.From(call), options, observer).RunAsync();

    public static Task<FlowResult> RunAsync(RouteMatch match, IDialplanCall call, FlowRuntimeOptions options, IFlowObserver observer) =>
        new FlowRunner(match, call, CallInfo.From(call), options, observer).RunAsync();

    public async Task<FlowResult> RunAsync()
    {
        var call = _call.Call;
        try
        {
            var end = await RunFlowAsync(_match.Flow);
            switch (end.End)
            {
                case StepEnd.Hangup:
                    return Result(FlowResult.Hangup, end.Detail);
                case StepEnd.Transferred:
                    return Result(FlowResult.Transferred, end.Detail);
                default:
                    // The routed flow ran out of steps (or returned): the call ends normally.
                    await call.HangupAsync("normal");
                    return Result(FlowResult.Hangup, "normal");
            }
        }
        catch (Exception e) when (e is CallEndedException || (e is OperationCanceledException && (call.Ended.IsCancellationRequested || call.HowEnded is not null)))
        {
            return EndedUnderTheFlow(call);
        }
#pragma warning disable CA1031 // A failing step ends its call with a logged cause; it must never take the server down.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _observer.Note($"step {_flow}/{_step} failed: {e.GetType().Name}: {e.Message}");
            await HangupQuietlyAsync(call);
            return Result(FlowResult.Error, $"{e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>Runs one flow's machine until it ends; returns how (Return when it ran off its end).</summary>
    private async Task<StepResult> RunFlowAsync(Flow flow)
    {
        var machine = FlowMachine.Compile(flow);
        var byId = flow.AllSteps.ToDictionary(s => s.Id, StringComparer.Ordinal);
        while (machine.State != FlowMachine.End)
        {
            // Checked before the next step is named: the outcome says where the call was when it ended.
            ThrowIfEnded();
            var step = byId[machine.State];
            _flow = flow.Name;
            _step = step.Id;
            if (++_stepsRun > _maxSteps)
            {
                throw new InvalidOperationException($"more than {_maxSteps} steps on one call; is the flow looping?");
            }
            _observer.StepEntered(flow, step);
            var result = step is SubflowStep subflow ? await RunSubflowAsync(subflow) : await _steps.ExecuteAsync(step);
            if (result.End is StepEnd.Hangup or StepEnd.Transferred)
            {
                return result;
            }

            if (result.End == StepEnd.Return)
            {
                break;
            }

            var trigger = FlowMachine.Trigger(result.Outcome!.Value, result.Label);
            if (!machine.CanFire(trigger))
            {
                throw new InvalidOperationException($"step {step.Id} has no '{trigger}' transition");
            }

            machine.Fire(trigger);
        }

        return new StepResult(null, null, StepEnd.Return);
    }

    private async Task<StepResult> RunSubflowAsync(SubflowStep step)
    {
        var flow = step.Flow ?? _match.Dialplan.Flows[step.FlowName];
        _vars.PushFrame(flow, step.Arguments);
        StepResult end;
        try
        {
            end = await RunFlowAsync(flow);
        }
        finally
        {
            _vars.PopFrame();
        }

        // A hangup or transfer inside the subflow ends the whole call; a return continues here.
        return end.End == StepEnd.Return ? StepResult.Next(Outcome.Done) : end;
    }

    private FlowResult Result(string outcome, string cause) => new(outcome, cause, _flow, _step);

    /// <summary>
    /// The call's end is decided (a shutdown, an API hang-up, the caller's BYE) even while its
    /// BYE is still on the wire and <see cref="ICall.Ended"/> not yet signalled: a step that
    /// returned meanwhile (a gather cut short, a prompt stopped) must not lead to the next one.
    /// </summary>
    private void ThrowIfEnded()
    {
        if (_call.Call.Ended.IsCancellationRequested || _call.Call.HowEnded is not null)
        {
            throw new CallEndedException();
        }
    }

    /// <summary>The call's cause when our answer was never ACKed (RFC 3261 §13.3.1.4), as the call layer records it.</summary>
    private const string NoAckCause = "no-ack";

    /// <summary>The call ended under the flow: the caller's hang-up, an answer never ACKed, or an interruption by whoever else ended it.</summary>
    private FlowResult EndedUnderTheFlow(ICall call)
    {
        if (call.HowEnded is { EndedBy: CallEndedBy.System, Cause: NoAckCause })
        {
            // Said once, by the outcome the server logs and the CDR keeps: no note besides it.
            return Result(FlowResult.NoAck, NoAckCause);
        }

        if (call.HowEnded is { } how && how.EndedBy is not (CallEndedBy.Caller or CallEndedBy.Callee))
        {
            _observer.Note($"the call was ended by the {how.EndedBy} ({how.Cause})");
            return Result(FlowResult.Interrupted, how.Cause);
        }

        _observer.Note(call.Ended.IsCancellationRequested || call.HowEnded is not null ? "the caller hung up" : "the call ended");
        return Result(FlowResult.CallerHangup, "hangup");
    }

    private async Task HangupQuietlyAsync(ICall call)
    {
        try
        {
            await call.HangupAsync("error");
        }
#pragma warning disable CA1031 // Already ending on an error: a second one (the call gone meanwhile) changes nothing.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _observer.Note($"hangup after the failure failed too: {e.Message}");
        }
    }
}
