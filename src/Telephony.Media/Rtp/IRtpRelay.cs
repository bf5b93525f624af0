namespace Telephony.Media.Rtp;

/// <summary>Where a call's accepted packets go on to while it is bridged (a bridge's direction to the other leg).</summary>
internal interface IRtpRelay
{
    /// <summary>
    /// On the receive loop, after the call's own receive side saw the packet. <paramref name="payload"/>
    /// is valid only during the call; <paramref name="arrival"/> is the datagram's Stopwatch timestamp.
    /// </summary>
    void OnPacket(in RtpHeader header, ReadOnlySpan<byte> payload, long arrival);
}
