
namespace Telephony.Media.Rtcp;

/// <summary>When to send the next RTCP report: RFC 3550 §6.3 simplified for a two-party call.</summary>
/// <remarks>
/// With two members and one audio stream, the bandwidth-derived interval (members × average RTCP
/// size ÷ 5% of session bandwidth, well under a second for G.711) is always below the 5 s minimum,
/// so the deterministic interval is just the minimum, halved for the first report (§6.2 allows it
/// so a new participant is reported quickly). It is then multiplied by a uniform factor in
/// [0.5, 1.5) so the two ends do not synchronise. Timer reconsideration, and the e − 3/2 divisor
/// that compensates for it, apply only to large sessions and are left out.
/// </remarks>
public static class RtcpReportInterval
{
    public static readonly TimeSpan Minimum = TimeSpan.FromSeconds(5);

    /// <summary>The next interval for a random draw <paramref name="uniform"/> in [0, 1).</summary>
    public static TimeSpan Next(bool initial, double uniform)
    {
        var deterministic = initial ? Minimum / 2 : Minimum;
        return deterministic * (0.5 + Math.Clamp(uniform, 0, 1));
    }

    /// <summary>The next interval with a fresh random draw.</summary>
    /// <remarks>The draw only spreads reports in time (§6.3.1), so it needs no cryptographic source.</remarks>
    public static TimeSpan Next(bool initial) => Next(initial, Random.Shared.NextDouble());
}
