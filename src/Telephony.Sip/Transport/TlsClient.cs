using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Telephony.Sip.Transport;

/// <summary>How we authenticate a TLS server we connect to (RFC 5922 for SIP).</summary>
internal static class TlsClient
{
    /// <summary>
    /// Client options: TLS 1.2/1.3, SNI and the certificate checked for <paramref name="serverName"/>.
    /// With extra roots, a chain that ends in one of them is trusted as well as the system's.
    /// </summary>
    public static SslClientAuthenticationOptions Options(string serverName, X509Certificate2Collection? extraRoots)
    {
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = serverName,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        };
        if (extraRoots is { Count: > 0 })
        {
            options.RemoteCertificateValidationCallback = (_, certificate, _, errors) => Validate(certificate, errors, extraRoots);
        }

        return options;
    }

    private static bool Validate(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        // A name mismatch or a missing certificate is never excused; only the chain is re-checked.
        if ((errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0 || certificate is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var presented = new X509Certificate2(certificate);
        return chain.Build(presented);
    }
}
