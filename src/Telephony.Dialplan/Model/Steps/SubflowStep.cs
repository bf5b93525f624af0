namespace Telephony.Dialplan.Model.Steps;

/// <summary>
/// <c>subflow</c>: runs another flow with arguments for its parameters, then continues here.
/// Parameters are variables of the subflow only; every other variable is shared with the call,
/// which is how a subflow hands results back.
/// </summary>
public sealed class SubflowStep : Step
{
    public required string FlowName { get; init; }

    public required IReadOnlyList<Argument> Arguments { get; init; }

    /// <summary>The called flow (resolved by the linker).</summary>
    public Flow? Flow { get; internal set; }
}
