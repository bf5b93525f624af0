using System.Buffers.Binary;

namespace Telephony.Interop.Tests;

/// <summary>
/// Just enough pcap (libpcap classic format) for media tests: write RTP over UDP/IPv4/Ethernet
/// for sipp's <c>play_pcap_audio</c>, and read back the UDP datagrams tcpdump captured on loopback.
/// </summary>
internal static class Pcap
{
    /// <summary>One captured UDP datagram.</summary>
    /// <param name="At">The capture's timestamp of the packet (seconds since the epoch, microsecond resolution).</param>
    public sealed record Datagram(int SourcePort, int DestinationPort, byte[] Payload, double At = 0);

    /// <summary>Writes RTP packets (one per payload, 20 ms apart, 8 kHz timestamps) as a pcap sipp can replay.</summary>
    public static void WriteRtp(string path, int payloadType, IReadOnlyList<byte[]> payloads, int samplesPerPacket = 160)
    {
        using var file = File.Create(path);
        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0xa1b2c3d4);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 65535);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], 1); // Ethernet
        file.Write(header);
        var ssrc = 0x5eed1234u;
        Span<byte> record = stackalloc byte[16];
        for (var i = 0; i < payloads.Count; i++)
        {
            var rtp = new byte[12 + payloads[i].Length];
            rtp[0] = 0x80;
            rtp[1] = (byte)(payloadType | (i == 0 ? 0x80 : 0));
            BinaryPrimitives.WriteUInt16BigEndian(rtp.AsSpan(2), (ushort)(1000 + i));
            BinaryPrimitives.WriteUInt32BigEndian(rtp.AsSpan(4), (uint)(i * samplesPerPacket));
            BinaryPrimitives.WriteUInt32BigEndian(rtp.AsSpan(8), ssrc);
            payloads[i].CopyTo(rtp, 12);
            var frame = Frame(rtp);
            var micros = (long)i * 20_000;
            BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)(1_700_000_000 + micros / 1_000_000));
            BinaryPrimitives.WriteUInt32LittleEndian(record[4..], (uint)(micros % 1_000_000));
            BinaryPrimitives.WriteUInt32LittleEndian(record[8..], (uint)frame.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(record[12..], (uint)frame.Length);
            file.Write(record);
            file.Write(frame);
        }
    }

    private static byte[] Frame(byte[] udpPayload)
    {
        var frame = new byte[14 + 20 + 8 + udpPayload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), 0x0800);
        var ip = frame.AsSpan(14);
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(20 + 8 + udpPayload.Length));
        ip[8] = 64;
        ip[9] = 17;
        byte[] loopback = [127, 0, 0, 1];
        loopback.CopyTo(ip[12..]);
        loopback.CopyTo(ip[16..]);
        var udp = ip[20..];
        BinaryPrimitives.WriteUInt16BigEndian(udp, 6000);
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..], 6002);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)(8 + udpPayload.Length));
        udpPayload.CopyTo(udp[8..]);
        return frame;
    }

    /// <summary>The IPv4 UDP datagrams of a capture (Ethernet, Linux cooked v1/v2 or raw IP link types).</summary>
    public static List<Datagram> ReadUdp(string path)
    {
        var data = File.ReadAllBytes(path);
        var result = new List<Datagram>();
        if (data.Length < 24)
        {
            return result;
        }

        var swapped = BinaryPrimitives.ReadUInt32LittleEndian(data) is 0xd4c3b2a1 or 0x4d3cb2a1;
        uint U32(int at) => swapped ? BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(at)) : BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(at));
        var link = U32(20);
        var linkHeader = link switch
        {
            1 => 14,
            113 => 16,
            276 => 20,
            101 => 0,
            _ => throw new InvalidDataException($"pcap link type {link} is not supported"),
        };
        var at = 24;
        while (at + 16 <= data.Length)
        {
            var seconds = U32(at) + (U32(at + 4) / 1e6);
            var captured = (int)U32(at + 8);
            var packet = data.AsSpan(at + 16, Math.Min(captured, data.Length - at - 16));
            at += 16 + captured;
            if (packet.Length < linkHeader + 28)
            {
                continue;
            }

            var ip = packet[linkHeader..];
            if (ip[0] >> 4 != 4 || ip[9] != 17)
            {
                continue;
            }

            var udp = ip[((ip[0] & 0x0f) * 4)..];
            var length = BinaryPrimitives.ReadUInt16BigEndian(udp[4..]);
            if (udp.Length < length || length < 8)
            {
                continue;
            }

            result.Add(new Datagram(BinaryPrimitives.ReadUInt16BigEndian(udp), BinaryPrimitives.ReadUInt16BigEndian(udp[2..]), udp[8..length].ToArray(), seconds));
        }

        return result;
    }
}
