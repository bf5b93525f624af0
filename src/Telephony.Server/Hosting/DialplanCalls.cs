using Telephony.Calls;
using Telephony.Dialplan.Runtime;
using Telephony.Dialplan.Serving;

namespace Telephony.Server.Hosting;

/// <summary>
/// The flow every call runs when the server serves dialplans: take the current snapshot of the
/// folder (the call keeps it to the end, whatever reloads meanwhile), route, run, and put the
/// outcome in the CDR. Without any valid dialplan, the built-in demo flow serves.
/// </summary>
internal sealed class DialplanCalls(DialplanFolder folder, Func<ICall, Task> demo, FlowRuntimeOptions runtime, Action<string> log, Action<string>? callLog)
{
    public async Task RunAsync(ICall call)
    {
        var dialplans = folder.Current;
        if (dialplans.Count == 0)
        {
            await demo(call);
            return;
        }

        var info = CallInfo.From(call);
        var match = DialplanRouter.Route(dialplans, info, runtime.Time);
        if (match is null)
        {
            // No file claims this number: refuse it like an unknown extension.
            log($"call {call.CallId}: no dialplan route for {info.Did} from {info.Caller}; rejected");
            SetOutcome(call, "no route");
            await call.HangupAsync("no-route");
            return;
        }

        var observer = new LogFlowObserver(call.CallId, callLog);
        var result = await new FlowRunner(match, call, info, runtime, observer).RunAsync();
        var summary = $"{match.Dialplan.Name}/{match.Flow.Name}: {result}";
        SetOutcome(call, summary);
        if (result.Outcome == FlowResult.Error)
        {
            log($"call {call.CallId}: {summary}");
        }
        else
        {
            callLog?.Invoke($"call {call.CallId}: {summary}");
        }
    }

    private static void SetOutcome(ICall call, string outcome)
    {
        if (call is Call real)
        {
            real.FlowOutcome = outcome;
        }
    }
}
