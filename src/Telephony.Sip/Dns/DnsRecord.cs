using System.Net;
using System.Net.Sockets;

namespace Telephony.Sip.Dns;

/// <summary>A resource record of class IN that the resolver understands.</summary>
/// <param name="Name">The owner name, without its trailing dot.</param>
/// <param name="TimeToLive">Seconds the record may be cached.</param>
public abstract record DnsRecord(string Name, uint TimeToLive)
{
    public abstract DnsRecordType Type { get; }
}

/// <summary>An A (IPv4) or AAAA (IPv6) record.</summary>
public sealed record DnsAddressRecord(string Name, uint TimeToLive, IPAddress Address) : DnsRecord(Name, TimeToLive)
{
    public override DnsRecordType Type =>
        Address.AddressFamily == AddressFamily.InterNetworkV6 ? DnsRecordType.Aaaa : DnsRecordType.A;
}

/// <summary>An SRV record (RFC 2782); a <see cref="Target"/> of "." means the service is not offered.</summary>
public sealed record DnsSrvRecord(string Name, uint TimeToLive, ushort Priority, ushort Weight, ushort Port, string Target)
    : DnsRecord(Name, TimeToLive)
{
    public override DnsRecordType Type => DnsRecordType.Srv;
}

/// <summary>A CNAME record: <see cref="DnsRecord.Name"/> is an alias of <see cref="Target"/>.</summary>
public sealed record DnsCNameRecord(string Name, uint TimeToLive, string Target) : DnsRecord(Name, TimeToLive)
{
    public override DnsRecordType Type => DnsRecordType.CName;
}
