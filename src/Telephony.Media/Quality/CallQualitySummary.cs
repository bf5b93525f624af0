using Telephony.Media.Jitter;
using Telephony.Media.Rtcp;

namespace Telephony.Media.Quality;

/// <summary>How one call's received audio fared, with an E-model MOS estimate.</summary>
/// <param name="JitterMs">Interarrival jitter (RFC 3550 A.8).</param>
/// <param name="LossPercent">Packets lost in the network, of those expected.</param>
/// <param name="RoundTripMs">RTCP round-trip time, when a report gave one.</param>
/// <param name="PacketsReceived">Packets received (duplicates included, as RTCP counts them).</param>
/// <param name="PacketsLost">Packets never received (RTCP cumulative loss, not below zero).</param>
/// <param name="PacketsLate">Packets that came after their playout time.</param>
/// <param name="PacketsDuplicated">Duplicate packets dropped.</param>
/// <param name="PacketsConcealed">Playout slots filled by concealment.</param>
/// <param name="OneWayDelayMs">Estimated mouth-to-ear delay used for the rating.</param>
/// <param name="RFactor">E-model transmission rating.</param>
/// <param name="Mos">Estimated mean opinion score, 1–4.5.</param>
public sealed record CallQualitySummary(
    double JitterMs,
    double LossPercent,
    double? RoundTripMs,
    long PacketsReceived,
    long PacketsLost,
    long PacketsLate,
    long PacketsDuplicated,
    long PacketsConcealed,
    double OneWayDelayMs,
    double RFactor,
    double Mos)
{
    /// <summary>
    /// Summarises a call from its receive statistics, jitter buffer and RTT (if a report gave one).
    /// </summary>
    /// <remarks>
    /// The delay rated is half the RTT (the network one way; 0 when unknown) plus the jitter
    /// buffer's delay plus one frame of packetisation; G.711 adds no look-ahead. The loss rated
    /// counts late packets with lost ones: the listener hears neither.
    /// </remarks>
    /// <param name="receiver">RFC 3550 receiver statistics of the stream.</param>
    /// <param name="buffer">The stream's jitter buffer counters, if it had one.</param>
    /// <param name="roundTrip">Round-trip time from RTCP, if known.</param>
    /// <param name="frameMs">Packetisation interval (ptime).</param>
    /// <param name="bpl">Codec packet-loss robustness (G.711 with concealment by default).</param>
    public static CallQualitySummary From(
        RtpReceiverStatistics receiver, JitterBufferStats? buffer, TimeSpan? roundTrip, int frameMs = 20, double bpl = EModel.G711PlcBpl)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        var expected = receiver.Expected;
        var lost = Math.Max(0, receiver.CumulativeLost);
        var late = buffer?.Late ?? 0;
        var rttMs = roundTrip?.TotalMilliseconds;
        var oneWay = ((rttMs ?? 0) / 2) + (buffer?.CurrentDelayMs ?? 0) + frameMs;
        var ratedLoss = expected > 0 ? 100.0 * Math.Min(expected, lost + late) / expected : 0;
        var r = EModel.RFactor(oneWay, ratedLoss, EModel.G711Ie, bpl);
        return new CallQualitySummary(
            receiver.JitterMs,
            expected > 0 ? 100.0 * lost / expected : 0,
            rttMs,
            receiver.Received,
            lost,
            late,
            buffer?.Duplicates ?? 0,
            buffer?.Concealed ?? 0,
            oneWay,
            r,
            EModel.Mos(r));
    }
}
