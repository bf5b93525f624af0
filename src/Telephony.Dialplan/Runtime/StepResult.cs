using Telephony.Dialplan.Model;

namespace Telephony.Dialplan.Runtime;

/// <summary>How a step finished: an outcome the machine moves on with, or an end (hangup, return, transferred).</summary>
public sealed record StepResult(Outcome? Outcome, string? Label, StepEnd End = StepEnd.None, string Detail = "")
{
    public static StepResult Next(Outcome outcome, string? label = null) => new(outcome, label);
}

/// <summary>Steps that leave the machine instead of firing a trigger.</summary>
public enum StepEnd
{
    None,

    /// <summary>The call was hung up (the detail is the cause).</summary>
    Hangup,

    /// <summary>The current flow ends (a subflow returns; a routed flow hangs up normally).</summary>
    Return,

    /// <summary>The call left the flow (the detail is the target).</summary>
    Transferred,
}
