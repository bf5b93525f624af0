using System.Buffers.Binary;

namespace Telephony.Media.Rtcp;

/// <summary>The sender information section of an SR (RFC 3550 §6.4.1), 20 bytes on the wire.</summary>
/// <param name="NtpTimestamp">Wallclock time of sending, 64-bit NTP format (see <see cref="NtpTime"/>).</param>
/// <param name="RtpTimestamp">The same instant in the units of the RTP timestamps of the stream.</param>
/// <param name="PacketCount">RTP packets sent since the start.</param>
/// <param name="OctetCount">RTP payload octets sent since the start (headers and padding excluded).</param>
public readonly record struct RtcpSenderInfo(ulong NtpTimestamp, uint RtpTimestamp, uint PacketCount, uint OctetCount)
{
    public const int Length = 20;

    public static bool TryRead(ReadOnlySpan<byte> data, out RtcpSenderInfo info)
    {
        info = default;
        if (data.Length < Length)
        {
            return false;
        }

        info = new RtcpSenderInfo(
            BinaryPrimitives.ReadUInt64BigEndian(data),
            BinaryPrimitives.ReadUInt32BigEndian(data[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(data[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(data[16..]));
        return true;
    }

    public bool TryWrite(Span<byte> destination)
    {
        if (destination.Length < Length)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt64BigEndian(destination, NtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], RtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], PacketCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], OctetCount);
        return true;
    }
}
