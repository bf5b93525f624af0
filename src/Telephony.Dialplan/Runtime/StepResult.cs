using Telephony.Dialplan.Model;

namespace Telephony.Dialplan.Runtime;

/// <summary>How a step finished: an outcome the machine moves on with, or an end (hangup, return, transferred).</summary>
public sealed record StepResult(Outcome? Outcome, string? Label, StepEnd End = StepEnd.None, string Detail = "")
{
    public static StepResult Next(Outcome outcome, string? label = null) => new(outcome, label);
}
