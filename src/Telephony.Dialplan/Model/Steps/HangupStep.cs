namespace Telephony.Dialplan.Model.Steps;

/// <summary><c>hangup</c>: ends the call with a cause (BYE when answered, else the cause's SIP status).</summary>
public sealed class HangupStep : Step
{
    public required HangupCause Cause { get; init; }

    public override bool FallsThrough => false;
}
