using Telephony.Dialplan.Model;

namespace Telephony.Dialplan.Runtime;

/// <summary>Hears nothing.</summary>
public sealed class NullFlowObserver : IFlowObserver
{
    public static NullFlowObserver Instance { get; } = new();

    public void StepEntered(Flow flow, Step step)
    {
    }

    public void VariableSet(string name, object? value)
    {
    }

    public void HttpCalled(string method, string url, int status, string? error)
    {
    }

    public void Note(string text)
    {
    }
}
