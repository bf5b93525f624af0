namespace Telephony.Dialplan.Runtime;

/// <summary>How a call's flow ended.</summary>
/// <param name="Outcome">hangup (a hangup step or the routed flow's end), transferred, caller-hangup, no-ack (the caller never confirmed our answer: we sent BYE after 64·T1), interrupted (the server or the system ended the call under the flow otherwise), or error.</param>
/// <param name="Cause">The hangup cause (normal, busy, ...), the transfer target, the call's end cause (interrupted: shutdown, rtp-timeout, ...), or the error.</param>
/// <param name="Flow">The flow running when it ended.</param>
/// <param name="FinalStep">The last step entered (its Id); '' when none ran.</param>
public sealed record FlowResult(string Outcome, string Cause, string Flow, string FinalStep)
{
    public const string Hangup = "hangup";
    public const string Transferred = "transferred";
    public const string CallerHangup = "caller-hangup";
    public const string Interrupted = "interrupted";
    public const string NoAck = "no-ack";
    public const string Error = "error";

    /// <summary>
    /// One line for logs and CDRs: <c>hangup normal at main/goodbye</c>, <c>interrupted by shutdown at
    /// main/gather@12:7</c>, <c>no ACK for the answer at main/answer@9:7</c>.
    /// </summary>
    public override string ToString() => Outcome switch
    {
        Interrupted => $"{Outcome} by {Cause} at {Flow}/{FinalStep}",
        NoAck => $"no ACK for the answer at {Flow}/{FinalStep}",
        _ => $"{Outcome} {Cause} at {Flow}/{FinalStep}",
    };
}
