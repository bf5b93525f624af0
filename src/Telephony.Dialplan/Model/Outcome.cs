namespace Telephony.Dialplan.Model;

/// <summary>A way a step can finish; the runtime fires one trigger per outcome.</summary>
public enum Outcome
{
    /// <summary>The step finished normally (playback done, variable set, ...).</summary>
    Done,

    /// <summary>A menu choice was made; the label is the choice's key or first phrase.</summary>
    Choice,

    Then,
    Else,

    /// <summary>A switch value matched; the label is the case.</summary>
    Case,

    /// <summary>No switch case matched.</summary>
    Default,

    /// <summary>Tries ran out (menu, gather), a webhook failed, or a transfer failed.</summary>
    Fallback,

    /// <summary>The call left the flow (transfer succeeded); the flow ends for this call.</summary>
    Transferred,
}
