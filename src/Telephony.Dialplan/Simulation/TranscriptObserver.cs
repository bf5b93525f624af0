using Telephony.Dialplan.Model;
using Telephony.Dialplan.Runtime;

namespace Telephony.Dialplan.Simulation;

/// <summary>Writes what the flow does as transcript lines: steps entered, variables set, webhook calls, notes.</summary>
public sealed class TranscriptObserver(Action<string> write) : IFlowObserver
{
    public void StepEntered(Flow flow, Step step) =>
        write($"[{flow.Name}] {step.Id}" + (step.Name is null ? string.Empty : $" ({step.Kind}, line {step.At.Line})"));

    public void VariableSet(string name, object? value) => write($"  set {name} = {Show(value)}");

    public void HttpCalled(string method, string url, int status, string? error) =>
        write($"  http {method} {url} -> " + (error is null ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"failed ({error})"));

    public void Note(string text) => write("  note: " + text);

    /// <summary>Text in quotes, numbers and booleans as they are, null as null.</summary>
    public static string Show(object? value) => value switch
    {
        null => "null",
        string s => $"'{s}'",
        _ => Values.ToText(value),
    };
}
