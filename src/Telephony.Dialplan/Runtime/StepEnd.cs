namespace Telephony.Dialplan.Runtime;

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
