using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Telephony.Interop.Tests;

/// <summary>Self-signed certificates made by the tests (valid for 127.0.0.1 and telephony.test).</summary>
internal static class TestCertificates
{
    /// <summary>Writes a fresh certificate and its key as PEM files; returns their paths.</summary>
    public static (string Cert, string Key) SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=telephony.test", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("telephony.test");
        request.CertificateExtensions.Add(san.Build());
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var folder = Directory.CreateTempSubdirectory("tls-").FullName;
        var certPath = Path.Combine(folder, "cert.pem");
        var keyPath = Path.Combine(folder, "key.pem");
        File.WriteAllText(certPath, cert.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certPath, keyPath);
    }

    /// <summary>Loads the public certificate alone (no key): what a client pins or trusts.</summary>
    public static X509Certificate2 Load(string certPath) => X509Certificate2.CreateFromPem(File.ReadAllText(certPath));
}
