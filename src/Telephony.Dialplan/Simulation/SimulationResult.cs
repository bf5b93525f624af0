using Telephony.Dialplan.Runtime;

namespace Telephony.Dialplan.Simulation;

/// <summary>What a simulated call did: the routed flow's result (null when no route took the call) and the transcript.</summary>
public sealed record SimulationResult(FlowResult? Result, IReadOnlyList<string> Transcript, SimulatedCall Call)
{
    public string Text => string.Join(Environment.NewLine, Transcript);
}
