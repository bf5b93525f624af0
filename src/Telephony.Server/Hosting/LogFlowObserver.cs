using Telephony.Calls.Flows;
using Telephony.Dialplan.Model;
using Telephony.Dialplan.Runtime;

namespace Telephony.Server.Hosting;

/// <summary>
/// A running flow in the server's call log (webhook calls and notes: what a real call did instead
/// of a missing feature) and in the leg's report (its step, for the registry and call.step events).
/// </summary>
/// <param name="callId">The leg's Call-ID, for log lines.</param>
/// <param name="log">The call log; null when quiet.</param>
/// <param name="report">Where the leg takes its current step.</param>
/// <param name="flowName">The routed flow as <c>dialplan/flow</c>.</param>
internal sealed class LogFlowObserver(string callId, Action<string>? log, ICallFlowReport report, string flowName) : IFlowObserver
{
    public void StepEntered(Flow flow, Step step) => report.StepEntered(flowName, $"{flow.Name}/{step.Id}");

    public void VariableSet(string name, object? value)
    {
    }

    public void HttpCalled(string method, string url, int status, string? error) =>
        log?.Invoke($"call {callId}: http {method} {url} -> {(error is null ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : "failed: " + error)}");

    public void Note(string text) => log?.Invoke($"call {callId}: {text}");
}
