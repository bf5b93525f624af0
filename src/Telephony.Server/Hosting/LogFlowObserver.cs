using Telephony.Dialplan.Model;
using Telephony.Dialplan.Runtime;

namespace Telephony.Server.Hosting;

/// <summary>A running flow in the server's call log: webhook calls and notes (what a real call did instead of a missing feature); steps only when verbose.</summary>
internal sealed class LogFlowObserver(string callId, Action<string>? log) : IFlowObserver
{
    public void StepEntered(Flow flow, Step step)
    {
    }

    public void VariableSet(string name, object? value)
    {
    }

    public void HttpCalled(string method, string url, int status, string? error) =>
        log?.Invoke($"call {callId}: http {method} {url} -> {(error is null ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : "failed: " + error)}");

    public void Note(string text) => log?.Invoke($"call {callId}: {text}");
}
