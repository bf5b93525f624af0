using Telephony.Dialplan.Model;

namespace Telephony.Dialplan.Runtime;

/// <summary>
/// Hears what a running flow does, for the simulator's transcript and the server's log. Called
/// on the flow's task; an observer must not throw.
/// </summary>
public interface IFlowObserver
{
    void StepEntered(Flow flow, Step step);

    void VariableSet(string name, object? value);

    /// <summary>A webhook call: its status (0 when it failed to connect or timed out) and the error, if any.</summary>
    void HttpCalled(string method, string url, int status, string? error);

    /// <summary>Anything else worth a line: a step done the nearest real way, a failure.</summary>
    void Note(string text);
}
