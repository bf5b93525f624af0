namespace Telephony.Dialplan.Runtime;

/// <summary>How a call's flow ended.</summary>
/// <param name="Outcome">hangup (a hangup step or the routed flow's end), transferred, caller-hangup, or error.</param>
/// <param name="Cause">The hangup cause (normal, busy, ...), the transfer target, or the error.</param>
/// <param name="Flow">The flow running when it ended.</param>
/// <param name="FinalStep">The last step entered (its Id); '' when none ran.</param>
public sealed record FlowResult(string Outcome, string Cause, string Flow, string FinalStep)
{
    public const string Hangup = "hangup";
    public const string Transferred = "transferred";
    public const string CallerHangup = "caller-hangup";
    public const string Error = "error";

    /// <summary>One line for logs and CDRs: <c>hangup normal at main/goodbye</c>.</summary>
    public override string ToString() => $"{Outcome} {Cause} at {Flow}/{FinalStep}";
}
