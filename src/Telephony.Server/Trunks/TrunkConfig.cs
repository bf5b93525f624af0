using Telephony.Sip.Dialogs;
using Telephony.Sip.Registration;
using Telephony.Sip.Transport;

namespace Telephony.Server.Trunks;

/// <summary>One SIP trunk (carrier or PBX) from the trunks file.</summary>
/// <param name="Name">Unique name, used in logs and later by campaigns and transfers.</param>
/// <param name="Host">Host name (located by DNS SRV then A/AAAA, RFC 3263) or IP address.</param>
/// <param name="Port">Explicit port: skips SRV.</param>
/// <param name="Transport">udp, tcp or tls.</param>
/// <param name="Credentials">Digest credentials, answered only for their realm when one is set.</param>
/// <param name="Register">Keep a registration with the trunk's registrar.</param>
/// <param name="Expires">Registration lifetime asked for.</param>
/// <param name="OutboundProxy">Proxy URI every request goes through, as a pre-loaded Route.</param>
/// <param name="Registrar">REGISTER Request-URI (default sip:HOST[:PORT]).</param>
/// <param name="AddressOfRecord">Registered identity (default sip:USERNAME@HOST).</param>
internal sealed record TrunkConfig(
    string Name,
    string Host,
    int? Port,
    SipTransportKind Transport,
    SipCredentials? Credentials,
    bool Register,
    TimeSpan Expires,
    string? OutboundProxy,
    string Registrar,
    string AddressOfRecord)
{
    public TrunkRegistrationOptions RegistrationOptions() => new()
    {
        Name = Name,
        Registrar = Registrar,
        AddressOfRecord = AddressOfRecord,
        Credentials = Credentials,
        Expires = Expires,
        OutboundProxy = OutboundProxy,
    };
}
