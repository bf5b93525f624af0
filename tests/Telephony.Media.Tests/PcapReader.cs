using System.Buffers.Binary;

namespace Telephony.Media.Tests;

/// <summary>Reads UDP payloads from classic libpcap files (Ethernet, IPv4), as sipp's shipped captures are.</summary>
internal static class PcapReader
{
    public static List<byte[]> UdpPayloads(string path)
    {
        var data = File.ReadAllBytes(path);
        var magic = BinaryPrimitives.ReadUInt32LittleEndian(data);
        var littleEndian = magic is 0xA1B2C3D4 or 0xA1B23C4D;
        if (!littleEndian && magic is not (0xD4C3B2A1 or 0x4D3CB2A1))
        {
            throw new InvalidDataException($"{path} is not a pcap file");
        }

        uint U32(int at) => littleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(at)) : BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(at));
        var linkType = U32(20);
        if (linkType != 1)
        {
            throw new InvalidDataException($"{path}: link type {linkType}, expected Ethernet (1)");
        }

        var payloads = new List<byte[]>();
        var pos = 24;
        while (pos + 16 <= data.Length)
        {
            var captured = (int)U32(pos + 8);
            var frame = data.AsSpan(pos + 16, captured);
            pos += 16 + captured;
            if (BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) != 0x0800 || frame[23] != 17)
            {
                continue;
            }

            var ipHeader = (frame[14] & 0x0F) * 4;
            var udp = frame[(14 + ipHeader)..];
            var length = BinaryPrimitives.ReadUInt16BigEndian(udp[4..]);
            payloads.Add(udp[8..length].ToArray());
        }

        return payloads;
    }
}
