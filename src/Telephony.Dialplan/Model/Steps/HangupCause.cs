namespace Telephony.Dialplan.Model.Steps;

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
