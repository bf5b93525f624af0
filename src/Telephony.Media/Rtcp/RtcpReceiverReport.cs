using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Telephony.Media.Rtcp;

/// <summary>An RTCP receiver report (PT 201, RFC 3550 §6.4.2): sent by a participant that is not sending media.</summary>
/// <remarks>Layout: header (RC = number of blocks), reporter SSRC, RC report blocks of 24 bytes.</remarks>
public sealed class RtcpReceiverReport
{
    private const int FixedLength = RtcpHeader.Length + 4;

    public RtcpReceiverReport(uint ssrc, IReadOnlyList<RtcpReportBlock>? reports = null)
    {
        Ssrc = ssrc;
        Reports = reports ?? [];
    }

    public uint Ssrc { get; }

    public IReadOnlyList<RtcpReportBlock> Reports { get; }

    /// <summary>Bytes <see cref="TryWrite"/> produces.</summary>
    public int Length => FixedLength + (RtcpReportBlock.Length * Reports.Count);

    /// <summary>Writes the packet; false when it does not fit or has more than 31 report blocks.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        var length = Length;
        if (destination.Length < length
            || !new RtcpHeader(false, Reports.Count, (byte)RtcpPacketType.ReceiverReport, length).TryWrite(destination))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(destination[RtcpHeader.Length..], Ssrc);
        ReportBlockList.Write(Reports, destination[FixedLength..]);
        written = length;
        return true;
    }

    /// <summary>Reads one RR packet at the start of <paramref name="packet"/>; false for anything malformed.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, [NotNullWhen(true)] out RtcpReceiverReport? report)
    {
        report = null;
        if (!RtcpHeader.TryRead(packet, out var header, out var body)
            || header.PacketType != (byte)RtcpPacketType.ReceiverReport
            || body.Length < 4
            || !ReportBlockList.TryRead(body[4..], header.Count, out var blocks))
        {
            return false;
        }

        report = new RtcpReceiverReport(BinaryPrimitives.ReadUInt32BigEndian(body), blocks);
        return true;
    }
}
