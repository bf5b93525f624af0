using System.Buffers.Binary;

namespace Telephony.Media.Rtcp;

/// <summary>The 4-byte header every RTCP packet starts with (RFC 3550 §6.4.1).</summary>
/// <remarks>
/// <c>V=2 | P | count (5 bits) | PT (8 bits) | length (16 bits)</c>, where length is the packet
/// size in 32-bit words minus one, header and padding included.
/// </remarks>
public readonly struct RtcpHeader
{
    public const int Length = 4;

    /// <summary>The largest value the 5-bit report/source count can hold.</summary>
    public const int MaxCount = 31;

    public RtcpHeader(bool padding, int count, byte packetType, int packetLength)
    {
        Padding = padding;
        Count = count;
        PacketType = packetType;
        PacketLength = packetLength;
    }

    public bool Padding { get; }

    /// <summary>Report count (SR/RR), source count (SDES/BYE) or subtype (APP).</summary>
    public int Count { get; }

    public byte PacketType { get; }

    /// <summary>Whole packet size in bytes, header and padding included (always a multiple of 4).</summary>
    public int PacketLength { get; }

    /// <summary>
    /// Reads the header of the packet at the start of <paramref name="data"/> and the bytes it
    /// carries after the header, padding removed. False when the version is not 2, the length runs
    /// past the data, or the padding count is impossible.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out RtcpHeader header, out ReadOnlySpan<byte> body)
    {
        header = default;
        body = default;
        if (data.Length < Length || data[0] >> 6 != 2)
        {
            return false;
        }

        var packetLength = 4 * (BinaryPrimitives.ReadUInt16BigEndian(data[2..]) + 1);
        if (packetLength > data.Length)
        {
            return false;
        }

        var padding = (data[0] & 0x20) != 0;
        var end = packetLength;
        if (padding)
        {
            // The last octet counts the padding octets, itself included (RFC 3550 §6.4.1).
            var pad = data[packetLength - 1];
            if (pad == 0 || pad > packetLength - Length)
            {
                return false;
            }

            end -= pad;
        }

        header = new RtcpHeader(padding, data[0] & 0x1F, data[1], packetLength);
        body = data[Length..end];
        return true;
    }

    /// <summary>Writes the header; <see cref="PacketLength"/> must be a positive multiple of 4 (the caller sized the packet).</summary>
    public bool TryWrite(Span<byte> destination)
    {
        if (destination.Length < Length || Count is < 0 or > MaxCount || PacketLength < Length || PacketLength % 4 != 0 || PacketLength > 4 * 65536)
        {
            return false;
        }

        destination[0] = (byte)(0x80 | (Padding ? 0x20 : 0) | Count);
        destination[1] = PacketType;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)((PacketLength / 4) - 1));
        return true;
    }
}
