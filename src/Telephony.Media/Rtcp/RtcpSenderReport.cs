using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Telephony.Media.Rtcp;

/// <summary>An RTCP sender report (PT 200, RFC 3550 §6.4.1).</summary>
/// <remarks>
/// Layout: header (RC = number of blocks), sender SSRC, 20 bytes of sender info, RC report blocks
/// of 24 bytes. Profile-specific extensions after the blocks are ignored when read.
/// </remarks>
public sealed class RtcpSenderReport
{
    private const int FixedLength = RtcpHeader.Length + 4 + RtcpSenderInfo.Length;

    public RtcpSenderReport(uint ssrc, RtcpSenderInfo senderInfo, IReadOnlyList<RtcpReportBlock>? reports = null)
    {
        Ssrc = ssrc;
        SenderInfo = senderInfo;
        Reports = reports ?? [];
    }

    public uint Ssrc { get; }

    public RtcpSenderInfo SenderInfo { get; }

    public IReadOnlyList<RtcpReportBlock> Reports { get; }

    /// <summary>Bytes <see cref="TryWrite"/> produces.</summary>
    public int Length => FixedLength + (RtcpReportBlock.Length * Reports.Count);

    /// <summary>Writes the packet; false when it does not fit or has more than 31 report blocks.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        var length = Length;
        if (destination.Length < length
            || !new RtcpHeader(false, Reports.Count, (byte)RtcpPacketType.SenderReport, length).TryWrite(destination))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(destination[RtcpHeader.Length..], Ssrc);
        SenderInfo.TryWrite(destination[(RtcpHeader.Length + 4)..]);
        ReportBlockList.Write(Reports, destination[FixedLength..]);
        written = length;
        return true;
    }

    /// <summary>Reads one SR packet at the start of <paramref name="packet"/>; false for anything malformed.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, [NotNullWhen(true)] out RtcpSenderReport? report)
    {
        report = null;
        if (!RtcpHeader.TryRead(packet, out var header, out var body)
            || header.PacketType != (byte)RtcpPacketType.SenderReport
            || body.Length < 4 + RtcpSenderInfo.Length
            || !RtcpSenderInfo.TryRead(body[4..], out var info)
            || !ReportBlockList.TryRead(body[(4 + RtcpSenderInfo.Length)..], header.Count, out var blocks))
        {
            return false;
        }

        report = new RtcpSenderReport(BinaryPrimitives.ReadUInt32BigEndian(body), info, blocks);
        return true;
    }
}
