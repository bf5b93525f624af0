namespace Telephony.Media.Playback;

/// <summary>What the send side puts in the next packet slot.</summary>
internal enum OutgoingFrameKind
{
    /// <summary>No packet (paused): the RTP clock advances, the sequence number does not.</summary>
    Nothing,

    /// <summary>Audio in the call's codec.</summary>
    Audio,

    /// <summary>An RFC 4733 telephone-event payload.</summary>
    TelephoneEvent,
}

/// <summary>The payload written for one packet slot, with the timestamp and marker its header needs.</summary>
/// <param name="Timestamp">The packet's RTP timestamp: the slot's own, or for telephone-events the event's start (RFC 4733 §2.5.1.2).</param>
/// <param name="Marker">Set on the first packet of an event.</param>
internal readonly record struct OutgoingFrame(OutgoingFrameKind Kind, int Length, uint Timestamp, bool Marker)
{
    public static OutgoingFrame Nothing => default;
}
