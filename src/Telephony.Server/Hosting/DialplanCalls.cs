using Telephony.Calls;
using Telephony.Calls.Control;
using Telephony.Calls.Flows;
using Telephony.Dialplan.Model;
using Telephony.Dialplan.Runtime;
using Telephony.Dialplan.Serving;

namespace Telephony.Server.Hosting;

/// <summary>
/// The flows calls run when the server serves dialplans: take the current snapshot of the folder
/// (the call keeps it to the end, whatever reloads meanwhile), route (or take the flow an outbound
/// leg names), set the leg's variables, run, and put the outcome in the CDR. Without any valid
/// dialplan, the built-in demo flow serves calls that name no flow.
/// </summary>
internal sealed class DialplanCalls(DialplanFolder folder, Func<ICall, Task> demo, FlowRuntimeOptions runtime, Action<string> log, Action<string>? callLog) : ICallFlows
{
    public async Task RunAsync(CallFlowRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var call = request.Call;
        var dialplans = folder.Current;
        var info = CallInfo.From(call);
        RouteMatch? match;
        if (request.Flow is { } name)
        {
            match = Find(dialplans, name, out var error);
            if (match is null)
            {
                // Checked when the leg was placed; a reload removed it since.
                log($"call {call.CallId}: {error}; hanging up");
                request.Report.FlowOutcome = $"{name}: not found";
                await call.HangupAsync("no-route");
                return;
            }
        }
        else if (dialplans.Count == 0)
        {
            await demo(call);
            return;
        }
        else
        {
            match = DialplanRouter.Route(dialplans, info, runtime.Time);
        }

        if (match is null)
        {
            // No file claims this number: refuse it like an unknown extension.
            log($"call {call.CallId}: no dialplan route for {info.Did} from {info.Caller}; rejected");
            request.Report.FlowOutcome = "no route";
            await call.HangupAsync("no-route");
            return;
        }

        var flowName = $"{match.Dialplan.Name}/{match.Flow.Name}";
        var observer = new LogFlowObserver(call.CallId, callLog, request.Report, flowName);
        var runner = new FlowRunner(match, call, info, runtime, observer);
        foreach (var (key, value) in request.Variables ?? new Dictionary<string, string>())
        {
            runner.Variables.Set(key, value);
        }

        var result = await runner.RunAsync();
        var summary = $"{flowName}: {result}";
        request.Report.FlowOutcome = summary;
        if (result.Outcome == FlowResult.Error)
        {
            log($"call {call.CallId}: {summary}");
        }
        else
        {
            callLog?.Invoke($"call {call.CallId}: {summary}");
        }
    }

    public bool CanRun(string flow, out string? error) => Find(folder.Current, flow, out error) is not null;

    /// <summary>A flow by name: <c>dialplan/flow</c>, or <c>flow</c> when exactly one dialplan has it.</summary>
    private static RouteMatch? Find(IReadOnlyList<DialplanModel> dialplans, string name, out string? error)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        var candidates = slash >= 0
            ? dialplans.Where(d => d.Name == name[..slash] && d.Flows.ContainsKey(name[(slash + 1)..])).Select(d => (d, Flow: name[(slash + 1)..])).ToList()
            : dialplans.Where(d => d.Flows.ContainsKey(name)).Select(d => (d, Flow: name)).ToList();
        switch (candidates.Count)
        {
            case 1:
                error = null;
                return new RouteMatch(candidates[0].d, candidates[0].d.Flows[candidates[0].Flow], null);
            case 0:
                error = $"no flow '{name}' in the served dialplans ({(dialplans.Count == 0 ? "none are valid" : string.Join(", ", dialplans.Select(d => d.Name)))})";
                return null;
            default:
                error = $"flow '{name}' is in several dialplans ({string.Join(", ", candidates.Select(c => c.d.Name))}): name it as dialplan/flow";
                return null;
        }
    }
}
