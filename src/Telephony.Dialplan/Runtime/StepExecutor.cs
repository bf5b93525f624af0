using Telephony.Dialplan.Model;
using Telephony.Dialplan.Model.Steps;

namespace Telephony.Dialplan.Runtime;

/// <summary>
/// Runs one step against the call and reports how it finished. Subflows are the runner's
/// business (<see cref="FlowRunner"/>); everything else happens here or in the step's runner.
/// </summary>
public sealed class StepExecutor(FlowCall call, CallVariables vars, HttpStepRunner http, IFlowObserver observer, Calls.Queues.ICallQueues? queues = null)
{
    private bool _answered;

    public async Task<StepResult> ExecuteAsync(Step step)
    {
        switch (step)
        {
            case AnswerStep answer:
                await AnswerAsync(answer.Ring);
                return StepResult.Next(Outcome.Done);
            case PlayStep play:
                await EnsureAnsweredAsync();
                await call.PlayAsync(PromptRenderer.Render(play.Prompts, vars), play.Interruptible);
                return StepResult.Next(Outcome.Done);
            case MenuStep menu:
                await EnsureAnsweredAsync();
                var (outcome, label) = await MenuRunner.RunAsync(menu, call, vars, observer);
                return StepResult.Next(outcome, label);
            case GatherStep gather:
                await EnsureAnsweredAsync();
                return StepResult.Next(await GatherRunner.RunAsync(gather, call, vars, observer));
            case SetStep set:
                foreach (var assignment in set.Assignments)
                {
                    vars.Set(assignment.Variable, ExpressionEvaluator.Render(assignment.Value, vars));
                }

                return StepResult.Next(Outcome.Done);
            case IfStep test:
                return StepResult.Next(ExpressionEvaluator.IsTrue(test.Condition, vars) ? Outcome.Then : Outcome.Else);
            case SwitchStep choose:
                var value = Values.ToText(ExpressionEvaluator.Evaluate(choose.Value, vars));
                return choose.Cases.Any(c => c.Match == value) ? StepResult.Next(Outcome.Case, value) : StepResult.Next(Outcome.Default);
            case HttpStep request:
                return StepResult.Next(await http.RunAsync(request, vars, observer, call.Call.Ended));
            case RecordStep record:
                await EnsureAnsweredAsync();
                await RecordRunner.RunAsync(record, call, vars, observer);
                return StepResult.Next(Outcome.Done);
            case TransferStep transfer:
                return await TransferAsync(transfer);
            case GotoStep:
                return StepResult.Next(Outcome.Done);
            case ReturnStep:
                return new StepResult(null, null, StepEnd.Return);
            case HangupStep hangup:
                var cause = CauseText(hangup.Cause);
                await call.Call.HangupAsync(cause);
                return new StepResult(null, null, StepEnd.Hangup, cause);
            default:
                throw new InvalidOperationException($"step kind '{step.Kind}' has no runtime");
        }
    }

    /// <summary>The CDR cause of a hangup step, as docs/dialplan.md spells it.</summary>
    public static string CauseText(HangupCause cause) => cause switch
    {
        HangupCause.NotFound => "not-found",
        _ => cause.ToString().ToLowerInvariant(),
    };

    private async Task AnswerAsync(TimeSpan ring)
    {
        // A flow may come back to its answer step (goto); a call is answered once.
        if (_answered)
        {
            return;
        }

        if (ring > TimeSpan.Zero)
        {
            await call.Call.RingAsync(ring);
        }

        await call.Call.AnswerAsync();
        _answered = true;
    }

    /// <summary>Media before an answer step would play into a call that is still ringing: answer first.</summary>
    private async Task EnsureAnsweredAsync()
    {
        if (!_answered)
        {
            observer.Note("answering first: this step needs media");
            await AnswerAsync(TimeSpan.Zero);
        }
    }

    private async Task<StepResult> TransferAsync(TransferStep transfer)
    {
        var target = ExpressionEvaluator.RenderText(transfer.Target, vars);
        bool connected;
        if (target.StartsWith("queue:", StringComparison.Ordinal))
        {
            if (call.Full is { } full)
            {
                connected = await full.TransferToQueueAsync(target["queue:".Length..], transfer.Timeout);
            }
            else if (queues is not null)
            {
                await EnsureAnsweredAsync();
                var outcome = await queues.JoinAsync(call.Call, new Calls.Queues.QueueJoin(target["queue:".Length..], transfer.Timeout));
                observer.Note($"{target}: {outcome.Cause}{(outcome.Agent is { } agent ? " by " + agent : string.Empty)} after {outcome.Offers} offer(s)");
                connected = outcome.Connected;
            }
            else
            {
                // A server without --queues: every queue is busy, and the step's fallback runs.
                observer.Note($"no agent queues on this server: {target} cannot take the call");
                connected = false;
            }
        }
        else
        {
            await EnsureAnsweredAsync();

            // A bridge dials numbers through the trunks itself; REFER needs a URI the phone can call.
            var mode = transfer.Mode == TransferMode.Refer ? Calls.Control.TransferMode.Blind : Calls.Control.TransferMode.Bridge;
            var uri = target.StartsWith("sip:", StringComparison.Ordinal) || target.StartsWith("sips:", StringComparison.Ordinal) || target.StartsWith("tel:", StringComparison.Ordinal)
                      || mode == Calls.Control.TransferMode.Bridge
                ? target
                : "tel:" + target;
            var callerId = transfer.CallerId is { } id ? ExpressionEvaluator.RenderText(id, vars) : null;
            var result = await call.Call.TransferAsync(uri, mode, transfer.Timeout, string.IsNullOrWhiteSpace(callerId) ? null : callerId);
            connected = result.Answered;
            if (!connected)
            {
                observer.Note($"{target} did not take the call: {result.Cause} ({result.SipStatus} {result.Reason})");
            }
        }

        observer.Note(connected ? $"transferred to {target}" : $"transfer to {target} failed");
        return connected ? new StepResult(Outcome.Transferred, null, StepEnd.Transferred, target) : StepResult.Next(Outcome.Fallback);
    }
}
