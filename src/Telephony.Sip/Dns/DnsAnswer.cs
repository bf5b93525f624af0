namespace Telephony.Sip.Dns;

/// <summary>What a name server said about one name and type, CNAMEs already followed.</summary>
/// <param name="Name">The name asked about.</param>
/// <param name="Type">The type asked about.</param>
/// <param name="ResponseCode">NoError, or NameError (NXDOMAIN) when the name, or the end of its CNAME chain, does not exist.</param>
/// <param name="Records">The records of <paramref name="Type"/> at the end of the CNAME chain; empty when there are none.</param>
public sealed record DnsAnswer(string Name, DnsRecordType Type, DnsResponseCode ResponseCode, IReadOnlyList<DnsRecord> Records);
