namespace Telephony.Queues.Agents;

/// <summary>Where an agent is, derived from facts (login, registration, their legs, pause, wrap-up) at a moment.</summary>
public enum AgentStatus
{
    /// <summary>Logged out, or logged in without a registered softphone.</summary>
    Offline,

    /// <summary>Can be offered a call.</summary>
    Available,

    /// <summary>A call is being offered: their phone rings.</summary>
    Ringing,

    /// <summary>Connected to a caller.</summary>
    OnCall,

    /// <summary>After a call, for the wrap-up time of the queue the call came from.</summary>
    WrapUp,

    /// <summary>Paused with a reason (break, training, ...).</summary>
    Paused,
}
