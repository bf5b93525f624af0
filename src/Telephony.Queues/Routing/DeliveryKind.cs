namespace Telephony.Queues.Routing;

/// <summary>How a caller reaches the agent who was chosen (docs/queues.md, "Delivery").</summary>
public enum DeliveryKind
{
    /// <summary>We dial the agent and bridge the two legs: we stay in the media path and see the call end.</summary>
    Bridge,

    /// <summary>Blind REFER of the caller to the agent's contact: the caller dials the agent itself and our leg ends.</summary>
    Refer,
}
