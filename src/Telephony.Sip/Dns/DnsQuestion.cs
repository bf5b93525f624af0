namespace Telephony.Sip.Dns;

/// <summary>One entry of a DNS question section: a name, a type and a class (IN unless told).</summary>
/// <param name="Name">The name without its trailing dot; "." is the root.</param>
public readonly record struct DnsQuestion(string Name, DnsRecordType Type, ushort Class = DnsQuestion.ClassInternet)
{
    /// <summary>Class IN, the only one the resolver asks about.</summary>
    public const ushort ClassInternet = 1;
}
