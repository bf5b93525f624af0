using System.Net;
using Telephony.Sip.Messages;
using Telephony.Sip.Transactions;

namespace Telephony.Sip;

/// <summary>How the SIP stack listens and behaves.</summary>
public sealed record SipStackOptions
{
    public IPAddress BindAddress { get; init; } = IPAddress.Any;

    /// <summary>SIP port for UDP and TCP; 0 picks a free one (tests).</summary>
    public int Port { get; init; } = 5060;

    public bool EnableUdp { get; init; } = true;

    public bool EnableTcp { get; init; } = true;

    /// <summary>Certificate (with private key) for SIP over TLS; null disables TLS.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? TlsCertificate { get; init; }

    /// <summary>TLS port (default 5061; 0 picks a free one).</summary>
    public int TlsPort { get; init; } = 5061;

    /// <summary>The address written into Via, Contact and SDP; null means "the one that routes to the peer".</summary>
    public IPAddress? AdvertisedAddress { get; init; }

    public string UserAgent { get; init; } = "Telephony";

    /// <summary>User part of our Contact URI.</summary>
    public string ContactUser { get; init; } = "telephony";

    public SipParserLimits Limits { get; init; } = SipParserLimits.Default;

    public SipTimerOptions Timers { get; init; } = SipTimerOptions.Default;

    public int UdpReceiveLoops { get; init; } = 2;

    /// <summary>Our users' registrar; null answers REGISTER with 405.</summary>
    public Registration.RegistrarOptions? Registrar { get; init; }

    public Security.SecurityOptions Security { get; init; } = Telephony.Sip.Security.SecurityOptions.Default;

    /// <summary>
    /// Extra trusted roots for TLS connections we open (a trunk's private CA, a test's
    /// self-signed certificate); the system's roots are trusted as well.
    /// </summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2Collection? TlsTrustedRoots { get; init; }

    /// <summary>
    /// Resolves a host name to next hops (RFC 3263: SRV, then A/AAAA); null uses the built-in
    /// RFC 3263 locator over <see cref="DnsServers"/>. Arguments: host, explicit port, transport, cancellation.
    /// </summary>
    public Func<string, int?, Transport.SipTransportKind, CancellationToken, Task<IReadOnlyList<Transport.SipHop>>>? Locator { get; init; }

    /// <summary>DNS servers for locating trunk hosts; null reads /etc/resolv.conf.</summary>
    public IReadOnlyList<IPEndPoint>? DnsServers { get; init; }

    /// <summary>Where the stack reports notable events (malformed input, timeouts); null for silence.</summary>
    public Action<string>? Log { get; init; }
}
