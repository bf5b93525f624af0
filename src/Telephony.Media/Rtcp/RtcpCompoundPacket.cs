using System.Diagnostics.CodeAnalysis;

namespace Telephony.Media.Rtcp;

/// <summary>A compound RTCP packet (RFC 3550 §6.1): a report first, then SDES, then optionally BYE.</summary>
/// <remarks>
/// Reading applies the validity checks of RFC 3550 Appendix A.2: version 2 throughout, the first
/// packet an SR or RR, padding only on the last packet, and lengths that add up exactly to the
/// datagram. Packet types this stack does not use (APP, feedback, XR) are skipped and counted. A
/// second packet of a type already read is skipped the same way.
/// </remarks>
public sealed class RtcpCompoundPacket
{
    public RtcpSenderReport? SenderReport { get; init; }

    /// <summary>A receiver report; alone when we do not send, after the SR when there are more than 31 sources.</summary>
    public RtcpReceiverReport? ReceiverReport { get; init; }

    public RtcpSourceDescription? SourceDescription { get; init; }

    public RtcpBye? Bye { get; init; }

    /// <summary>Packets read but not kept (unknown types, repeats).</summary>
    public int SkippedPackets { get; init; }

    /// <summary>Bytes <see cref="TryWrite"/> produces, or -1 when a part cannot be written.</summary>
    public int Length
    {
        get
        {
            var length = 0;
            return Add(SenderReport?.Length) && Add(ReceiverReport?.Length) && Add(SourceDescription?.Length) && Add(Bye?.Length) ? length : -1;

            bool Add(int? part)
            {
                length += part ?? 0;
                return part is null or >= 0;
            }
        }
    }

    /// <summary>Writes SR, RR, SDES and BYE in that order; false when there is no report or it does not fit.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (SenderReport is null && ReceiverReport is null)
        {
            // Every compound packet starts with a report (RFC 3550 §6.1).
            return false;
        }

        var offset = 0;
        if ((SenderReport is null || Append(SenderReport.TryWrite(destination[offset..], out var n), n, ref offset))
            && (ReceiverReport is null || Append(ReceiverReport.TryWrite(destination[offset..], out n), n, ref offset))
            && (SourceDescription is null || Append(SourceDescription.TryWrite(destination[offset..], out n), n, ref offset))
            && (Bye is null || Append(Bye.TryWrite(destination[offset..], out n), n, ref offset)))
        {
            written = offset;
            return true;
        }

        return false;
    }

    private static bool Append(bool ok, int written, ref int offset)
    {
        offset += written;
        return ok;
    }

    /// <summary>Reads a whole RTCP datagram; false for anything that fails the RFC 3550 A.2 checks.</summary>
    public static bool TryParse(ReadOnlySpan<byte> datagram, [NotNullWhen(true)] out RtcpCompoundPacket? packet)
    {
        packet = null;
        RtcpSenderReport? sr = null;
        RtcpReceiverReport? rr = null;
        RtcpSourceDescription? sdes = null;
        RtcpBye? bye = null;
        var skipped = 0;
        var offset = 0;
        while (offset < datagram.Length)
        {
            var rest = datagram[offset..];
            if (!RtcpHeader.TryRead(rest, out var header, out _))
            {
                return false;
            }

            var isFirst = offset == 0;
            var one = rest[..header.PacketLength];
            offset += header.PacketLength;
            if ((header.Padding && offset != datagram.Length)
                || (isFirst && header.PacketType is not ((byte)RtcpPacketType.SenderReport or (byte)RtcpPacketType.ReceiverReport)))
            {
                return false;
            }

            var kept = header.PacketType switch
            {
                (byte)RtcpPacketType.SenderReport => TryKeep(one, ref sr, RtcpSenderReport.TryParse),
                (byte)RtcpPacketType.ReceiverReport => TryKeep(one, ref rr, RtcpReceiverReport.TryParse),
                (byte)RtcpPacketType.SourceDescription => TryKeep(one, ref sdes, RtcpSourceDescription.TryParse),
                (byte)RtcpPacketType.Bye => TryKeep(one, ref bye, RtcpBye.TryParse),
                _ => Kept.Skipped,
            };
            if (kept == Kept.Malformed)
            {
                return false;
            }

            skipped += kept == Kept.Skipped ? 1 : 0;
        }

        if (offset == 0)
        {
            return false;
        }

        packet = new RtcpCompoundPacket { SenderReport = sr, ReceiverReport = rr, SourceDescription = sdes, Bye = bye, SkippedPackets = skipped };
        return true;
    }

    private delegate bool Parser<T>(ReadOnlySpan<byte> packet, [NotNullWhen(true)] out T? value)
        where T : class;

    private enum Kept
    {
        Kept,
        Skipped,
        Malformed,
    }

    private static Kept TryKeep<T>(ReadOnlySpan<byte> packet, ref T? slot, Parser<T> parse)
        where T : class
    {
        if (!parse(packet, out var value))
        {
            return Kept.Malformed;
        }

        if (slot is not null)
        {
            return Kept.Skipped;
        }

        slot = value;
        return Kept.Kept;
    }
}
