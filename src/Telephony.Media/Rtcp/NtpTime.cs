namespace Telephony.Media.Rtcp;

/// <summary>NTP timestamps as RTCP uses them (RFC 3550 §4): 64-bit wallclock and the 32-bit "middle" form.</summary>
/// <remarks>
/// The 64-bit form is seconds since 1900-01-01 UTC in the high 32 bits and the binary fraction in
/// the low 32. LSR and DLSR use the middle 32 bits: 16 bits of seconds, 16 of fraction, i.e. units
/// of 1/65536 s, compared modulo 2^32. Seconds wrap in 2036 (era 1); only differences matter here.
/// </remarks>
public static class NtpTime
{
    private static readonly DateTime Epoch = new(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The 64-bit NTP timestamp of a UTC instant.</summary>
    public static ulong FromDateTime(DateTime utc)
    {
        var ticks = (utc.ToUniversalTime() - Epoch).Ticks;
        var seconds = (ulong)(ticks / TimeSpan.TicksPerSecond) & 0xFFFFFFFF;
        var fraction = ((ulong)(ticks % TimeSpan.TicksPerSecond) << 32) / TimeSpan.TicksPerSecond;
        return (seconds << 32) | fraction;
    }

    /// <summary>The middle 32 bits, as carried in the LSR field of a report block.</summary>
    public static uint Middle32(ulong ntp) => (uint)(ntp >> 16);

    /// <summary>A duration in the 1/65536 s units of DLSR (saturates at about 18 hours).</summary>
    public static uint ToShortFormat(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            return 0;
        }

        var units = (ulong)duration.Ticks * 65536 / TimeSpan.TicksPerSecond;
        return units > uint.MaxValue ? uint.MaxValue : (uint)units;
    }

    /// <summary>A duration given in 1/65536 s units.</summary>
    public static TimeSpan FromShortFormat(uint units) => TimeSpan.FromTicks((long)((ulong)units * TimeSpan.TicksPerSecond / 65536));
}
