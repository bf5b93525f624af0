namespace Telephony.Dialplan.Model.Steps;

/// <summary><c>hangup</c>: ends the call with a cause (BYE when answered, else the cause's SIP status).</summary>
public sealed class HangupStep : Step
{
    public required HangupCause Cause { get; init; }

    public override bool FallsThrough => false;
}

/// <summary>Why the flow hangs up; the CDR cause, and the SIP status when the call was never answered.</summary>
public enum HangupCause
{
    /// <summary>BYE, or 480 before answer.</summary>
    Normal,

    /// <summary>486 Busy Here.</summary>
    Busy,

    /// <summary>603 Decline.</summary>
    Rejected,

    /// <summary>480 Temporarily Unavailable.</summary>
    Unavailable,

    /// <summary>404 Not Found.</summary>
    NotFound,

    /// <summary>500 Server Internal Error.</summary>
    Error,
}
