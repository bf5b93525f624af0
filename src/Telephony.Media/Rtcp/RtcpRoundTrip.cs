namespace Telephony.Media.Rtcp;

/// <summary>Round-trip time from a report block about our own stream (RFC 3550 §6.4.1).</summary>
public static class RtcpRoundTrip
{
    /// <summary>
    /// RTT = A − LSR − DLSR, all in 1/65536 s modulo 2^32, where A is when the report arrived (middle
    /// 32 bits of our NTP clock), LSR echoes our SR's timestamp and DLSR is how long the peer held it.
    /// False when the peer has not received an SR yet (LSR 0) or the clocks give a negative result.
    /// </summary>
    public static bool TryCompute(RtcpReportBlock block, uint arrivalMiddle32, out TimeSpan roundTrip)
    {
        roundTrip = TimeSpan.Zero;
        if (block.LastSenderReport == 0)
        {
            return false;
        }

        var units = unchecked(arrivalMiddle32 - block.LastSenderReport - block.DelaySinceLastSenderReport);

        // Modulo arithmetic: a "negative" RTT shows up as a huge value; no real RTT is 9 hours long.
        if (units > int.MaxValue)
        {
            return false;
        }

        roundTrip = NtpTime.FromShortFormat(units);
        return true;
    }
}
