using System.Buffers.Binary;

namespace Telephony.Media.Rtcp;

/// <summary>One reception report block of an SR or RR (RFC 3550 §6.4.1), 24 bytes on the wire.</summary>
/// <param name="Ssrc">The source this block reports on.</param>
/// <param name="FractionLost">Packets lost since the previous report, as a fraction of 256.</param>
/// <param name="CumulativeLost">Packets lost since the start (24-bit signed on the wire; duplicates can make it negative).</param>
/// <param name="ExtendedHighestSequence">Sequence-number cycles in the high 16 bits, highest sequence number in the low 16.</param>
/// <param name="Jitter">Interarrival jitter in timestamp units (RFC 3550 §6.4.1, Appendix A.8).</param>
/// <param name="LastSenderReport">Middle 32 bits of the NTP timestamp of the last SR received from the source; 0 if none.</param>
/// <param name="DelaySinceLastSenderReport">Time between receiving that SR and sending this block, in 1/65536 s; 0 if none.</param>
public readonly record struct RtcpReportBlock(
    uint Ssrc, byte FractionLost, int CumulativeLost, uint ExtendedHighestSequence, uint Jitter, uint LastSenderReport, uint DelaySinceLastSenderReport)
{
    public const int Length = 24;

    /// <summary>Cumulative loss as the 24-bit field holds it: clamped to [-2^23, 2^23 - 1] (RFC 3550 Appendix A.3).</summary>
    public static int ClampCumulativeLost(long lost) => (int)Math.Clamp(lost, -0x800000, 0x7FFFFF);

    public static bool TryRead(ReadOnlySpan<byte> data, out RtcpReportBlock block)
    {
        block = default;
        if (data.Length < Length)
        {
            return false;
        }

        var lossWord = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);

        // Shifting left then arithmetic right sign-extends the 24-bit field.
        var cumulative = (int)(lossWord << 8) >> 8;
        block = new RtcpReportBlock(
            BinaryPrimitives.ReadUInt32BigEndian(data),
            (byte)(lossWord >> 24),
            cumulative,
            BinaryPrimitives.ReadUInt32BigEndian(data[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(data[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(data[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(data[20..]));
        return true;
    }

    public bool TryWrite(Span<byte> destination)
    {
        if (destination.Length < Length)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(destination, Ssrc);
        var cumulative = (uint)ClampCumulativeLost(CumulativeLost) & 0xFFFFFF;
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ((uint)FractionLost << 24) | cumulative);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ExtendedHighestSequence);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], Jitter);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], LastSenderReport);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], DelaySinceLastSenderReport);
        return true;
    }
}
