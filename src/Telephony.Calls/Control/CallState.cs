namespace Telephony.Calls.Control;

/// <summary>Where a live call leg is in its life.</summary>
public enum CallState
{
    /// <summary>Inbound: INVITE received, not yet ringing. Outbound: INVITE sent, nothing heard back yet.</summary>
    Setup,

    /// <summary>180/183 sent (inbound) or received (outbound).</summary>
    Ringing,

    /// <summary>200 OK sent or received; media may flow.</summary>
    Answered,

    /// <summary>Relaying media to another leg (a bridged transfer, an agent, a campaign's agent).</summary>
    Bridged,

    /// <summary>Over; the CDR is written or about to be.</summary>
    Ended,
}
