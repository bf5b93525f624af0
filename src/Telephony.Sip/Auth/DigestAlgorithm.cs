using System.Security.Cryptography;
using System.Text;

namespace Telephony.Sip.Auth;

/// <summary>The hash functions of HTTP Digest as SIP uses them (RFC 7616, RFC 8760).</summary>
public static class DigestAlgorithm
{
    public const string Md5 = "MD5";
    public const string Sha256 = "SHA-256";

    public static bool IsSupported(string? algorithm) => algorithm is null or Md5 or Sha256;

    /// <summary>Lower-case hex of the hash of <paramref name="text"/> (UTF-8).</summary>
    public static string Hash(string algorithm, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
#pragma warning disable CA5351 // MD5 is what RFC 2617/7616 Digest with algorithm=MD5 is; we also offer SHA-256.
        var hash = algorithm == Sha256 ? SHA256.HashData(bytes) : MD5.HashData(bytes);
#pragma warning restore CA5351
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>HA1 = H(username:realm:password).</summary>
    public static string Ha1(string algorithm, string user, string realm, string password) => Hash(algorithm, $"{user}:{realm}:{password}");

    /// <summary>
    /// The request-digest: H(HA1:nonce:nc:cnonce:qop:H(method:uri)) with qop=auth, or
    /// H(HA1:nonce:H(method:uri)) for RFC 2069-style clients without qop.
    /// </summary>
    public static string Response(string algorithm, string ha1, string nonce, string method, string uri, string? qop, string? nc, string? cnonce)
    {
        var ha2 = Hash(algorithm, $"{method}:{uri}");
        return qop is null
            ? Hash(algorithm, $"{ha1}:{nonce}:{ha2}")
            : Hash(algorithm, $"{ha1}:{nonce}:{nc}:{cnonce}:{qop}:{ha2}");
    }
}
