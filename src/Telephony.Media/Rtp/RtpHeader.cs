using System.Buffers.Binary;

namespace Telephony.Media.Rtp;

/// <summary>The fixed RTP header (RFC 3550 §5.1), read from and written to spans without allocation.</summary>
public readonly struct RtpHeader
{
    public const int FixedLength = 12;

    public RtpHeader(bool marker, byte payloadType, ushort sequenceNumber, uint timestamp, uint ssrc)
    {
        Version = 2;
        Marker = marker;
        PayloadType = payloadType;
        SequenceNumber = sequenceNumber;
        Timestamp = timestamp;
        Ssrc = ssrc;
        HeaderLength = FixedLength;
    }

    private RtpHeader(byte first, byte second, ushort seq, uint ts, uint ssrc, int headerLength)
    {
        Version = (byte)(first >> 6);
        Padding = (first & 0x20) != 0;
        Extension = (first & 0x10) != 0;
        CsrcCount = (byte)(first & 0x0F);
        Marker = (second & 0x80) != 0;
        PayloadType = (byte)(second & 0x7F);
        SequenceNumber = seq;
        Timestamp = ts;
        Ssrc = ssrc;
        HeaderLength = headerLength;
    }

    public byte Version { get; }

    public bool Padding { get; }

    public bool Extension { get; }

    public byte CsrcCount { get; }

    public bool Marker { get; }

    public byte PayloadType { get; }

    public ushort SequenceNumber { get; }

    public uint Timestamp { get; }

    public uint Ssrc { get; }

    /// <summary>Bytes before the payload: fixed header, CSRC list and extension.</summary>
    public int HeaderLength { get; }

    /// <summary>Reads a packet; false for anything that is not a well-formed RTP version 2 packet.</summary>
    public static bool TryRead(ReadOnlySpan<byte> packet, out RtpHeader header, out int payloadOffset, out int payloadLength)
    {
        header = default;
        payloadOffset = 0;
        payloadLength = 0;
        if (packet.Length < FixedLength || packet[0] >> 6 != 2)
        {
            return false;
        }

        var length = FixedLength + (4 * (packet[0] & 0x0F));
        if ((packet[0] & 0x10) != 0)
        {
            if (packet.Length < length + 4)
            {
                return false;
            }

            length += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(length + 2)..]));
        }

        var end = packet.Length;
        if ((packet[0] & 0x20) != 0)
        {
            var pad = packet[^1];
            if (pad == 0 || pad > end - length)
            {
                return false;
            }

            end -= pad;
        }

        if (length > end)
        {
            return false;
        }

        header = new RtpHeader(
            packet[0], packet[1], BinaryPrimitives.ReadUInt16BigEndian(packet[2..]), BinaryPrimitives.ReadUInt32BigEndian(packet[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(packet[8..]), length);
        payloadOffset = length;
        payloadLength = end - length;
        return true;
    }

    /// <summary>Writes the 12-byte fixed header (no CSRC, no extension).</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < FixedLength)
        {
            return false;
        }

        destination[0] = 0x80;
        destination[1] = (byte)((Marker ? 0x80 : 0) | (PayloadType & 0x7F));
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], SequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], Ssrc);
        written = FixedLength;
        return true;
    }
}
