namespace Telephony.Sip.Dns;

/// <summary>The DNS record types this resolver asks for or understands (RFC 1035, 2782, 3596).</summary>
public enum DnsRecordType : ushort
{
    A = 1,
    CName = 5,
    Aaaa = 28,
    Srv = 33,
}
