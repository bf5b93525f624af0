using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Telephony.Sip.Tests.Dns;

/// <summary>
/// Writes DNS responses byte by byte for the codec tests and the fake servers, with names
/// compressed against earlier ones when asked, so tests can also write what no server would.
/// </summary>
internal sealed class DnsPacketBuilder
{
    private readonly List<byte> _bytes = [];
    private readonly Dictionary<string, int> _names = new(StringComparer.OrdinalIgnoreCase);

    public DnsPacketBuilder(ushort id, ushort flags, int questions, int answers, int authorities = 0, int additionals = 0)
    {
        UInt16(id).UInt16(flags).UInt16((ushort)questions).UInt16((ushort)answers)
            .UInt16((ushort)authorities).UInt16((ushort)additionals);
    }

    /// <summary>Flags of a plain answer from a recursive server: QR, RD, RA and the given RCODE.</summary>
    public static ushort ResponseFlags(int rcode = 0, bool truncated = false) =>
        (ushort)(0x8180 | rcode | (truncated ? 0x0200 : 0));

    public int Length => _bytes.Count;

    public DnsPacketBuilder Question(string name, ushort type, bool compress = true) =>
        Name(name, compress).UInt16(type).UInt16(1);

    public DnsPacketBuilder A(string name, uint ttl, string address, bool compress = true) =>
        Record(name, 1, ttl, IPAddress.Parse(address).GetAddressBytes(), compress);

    public DnsPacketBuilder Aaaa(string name, uint ttl, string address, bool compress = true) =>
        Record(name, 28, ttl, IPAddress.Parse(address).GetAddressBytes(), compress);

    public DnsPacketBuilder Srv(string name, uint ttl, ushort priority, ushort weight, ushort port, string target,
        bool compress = true)
    {
        Name(name, compress).UInt16(33).UInt16(1).UInt32(ttl);
        var lengthAt = _bytes.Count;
        UInt16(0).UInt16(priority).UInt16(weight).UInt16(port).Name(target, compress);
        return PatchLength(lengthAt);
    }

    public DnsPacketBuilder CName(string name, uint ttl, string target, bool compress = true)
    {
        Name(name, compress).UInt16(5).UInt16(1).UInt32(ttl);
        var lengthAt = _bytes.Count;
        UInt16(0).Name(target, compress);
        return PatchLength(lengthAt);
    }

    public DnsPacketBuilder Record(string name, ushort type, uint ttl, byte[] rdata, bool compress = true, ushort @class = 1)
    {
        Name(name, compress).UInt16(type).UInt16(@class).UInt32(ttl).UInt16((ushort)rdata.Length);
        _bytes.AddRange(rdata);
        return this;
    }

    public DnsPacketBuilder Raw(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    public DnsPacketBuilder UInt16(ushort value)
    {
        _bytes.Add((byte)(value >> 8));
        _bytes.Add((byte)value);
        return this;
    }

    public DnsPacketBuilder UInt32(uint value) => UInt16((ushort)(value >> 16)).UInt16((ushort)value);

    /// <summary>Writes a name, replacing the longest suffix written before by a pointer when compressing.</summary>
    public DnsPacketBuilder Name(string name, bool compress = true)
    {
        var labels = name.TrimEnd('.').Split('.', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < labels.Length; i++)
        {
            var suffix = string.Join('.', labels[i..]);
            if (compress && _names.TryGetValue(suffix, out var at))
            {
                return UInt16((ushort)(0xC000 | at));
            }

            if (_bytes.Count < 0x3FFF)
            {
                _names.TryAdd(suffix, _bytes.Count);
            }

            _bytes.Add((byte)labels[i].Length);
            _bytes.AddRange(Encoding.ASCII.GetBytes(labels[i]));
        }

        _bytes.Add(0);
        return this;
    }

    public byte[] Build() => [.. _bytes];

    private DnsPacketBuilder PatchLength(int lengthAt)
    {
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_bytes);
        BinaryPrimitives.WriteUInt16BigEndian(span[lengthAt..], (ushort)(_bytes.Count - lengthAt - 2));
        return this;
    }
}
