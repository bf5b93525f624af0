using System.Globalization;
using System.Security.Cryptography;

namespace Telephony.Sip.Auth;

/// <summary>Client side of digest authentication: answers a 401/407 challenge (RFC 3261 §22.2, RFC 8760).</summary>
public static class DigestClient
{
    /// <summary>
    /// The challenges of a 401 (WWW-Authenticate) or 407 (Proxy-Authenticate) we may answer: with
    /// a realm configured, only those for that realm, so our password never answers another party.
    /// </summary>
    public static List<string> ChallengesFor(Messages.SipResponse challenge, string? realm)
    {
        var header = challenge.StatusCode == 401 ? "WWW-Authenticate" : "Proxy-Authenticate";
        return challenge.Headers
            .Where(h => h.Name.Equals(header, StringComparison.OrdinalIgnoreCase))
            .Select(h => h.Value)
            .Where(c => realm is null || (DigestParameters.TryParse(c, out var p) && p["realm"] == realm))
            .ToList();
    }

    /// <summary>
    /// Builds the Authorization (or Proxy-Authorization) value for the best challenge offered:
    /// SHA-256 over MD5, qop=auth when offered. Returns null when no challenge is usable.
    /// </summary>
    public static string? Answer(IEnumerable<string> challenges, string method, string uri, string user, string password, int nonceCount = 1)
    {
        DigestParameters? best = null;
        foreach (var challenge in challenges)
        {
            if (!DigestParameters.TryParse(challenge, out var p) || !DigestAlgorithm.IsSupported(p["algorithm"]) || p["nonce"] is null || p["realm"] is null)
            {
                continue;
            }

            if (best is null || p["algorithm"] == DigestAlgorithm.Sha256)
            {
                best = p;
            }
        }

        if (best is null)
        {
            return null;
        }

        var algorithm = best["algorithm"] ?? DigestAlgorithm.Md5;
        var realm = best["realm"]!;
        var nonce = best["nonce"]!;
        var qop = best["qop"]?.Split(',').Select(q => q.Trim()).Contains("auth") == true ? "auth" : null;
        var nc = nonceCount.ToString("x8", CultureInfo.InvariantCulture);
        var cnonce = qop is null ? null : Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var ha1 = DigestAlgorithm.Ha1(algorithm, user, realm, password);
        var response = DigestAlgorithm.Response(algorithm, ha1, nonce, method, uri, qop, nc, cnonce);
        var value = $"Digest username=\"{user}\", realm=\"{realm}\", nonce=\"{nonce}\", uri=\"{uri}\", response=\"{response}\", algorithm={algorithm}";
        if (qop is not null)
        {
            value += $", qop={qop}, nc={nc}, cnonce=\"{cnonce}\"";
        }

        if (best["opaque"] is { } opaque)
        {
            value += $", opaque=\"{opaque}\"";
        }

        return value;
    }
}
