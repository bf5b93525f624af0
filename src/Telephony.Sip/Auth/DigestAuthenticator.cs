using System.Security.Cryptography;
using System.Text;
using Telephony.Sip.Messages;

namespace Telephony.Sip.Auth;

/// <summary>Why credentials were not accepted.</summary>
public enum DigestRejection
{
    /// <summary>Accepted, or nothing to judge yet.</summary>
    None,

    /// <summary>No credentials for our realm: the first request of a login, answered with a challenge.</summary>
    NoCredentials,

    /// <summary>Credentials we cannot check (missing fields, an algorithm not configured).</summary>
    Malformed,

    /// <summary>A digest that does not match the account's password.</summary>
    WrongPassword,

    /// <summary>A digest for a user name with no account.</summary>
    UnknownUser,

    /// <summary>The right password over a nonce we did not issue or a replayed count (e.g. one from before a restart).</summary>
    InvalidNonce,

    /// <summary>The right password over an expired nonce: challenge again with stale=true.</summary>
    Stale,
}

/// <summary>The outcome of checking a request's credentials.</summary>
/// <param name="User">The authenticated user, or null.</param>
/// <param name="Stale">The credentials were right but the nonce expired: challenge with stale=true.</param>
/// <param name="Rejection">Why <paramref name="User"/> is null.</param>
/// <param name="ClaimedUser">The user name the credentials named, for logs (unverified).</param>
public sealed record DigestVerdict(string? User, bool Stale, DigestRejection Rejection = DigestRejection.None, string? ClaimedUser = null)
{
    public bool IsAuthenticated => User is not null;

    /// <summary>A guess at the password: what fail2ban should hear about.</summary>
    public bool IsWrongCredentials => Rejection is DigestRejection.WrongPassword or DigestRejection.UnknownUser;
}

/// <summary>Server side of SIP digest authentication (RFC 3261 §22, RFC 7616, RFC 8760).</summary>
/// <remarks>
/// An unknown user and a wrong password produce the same answer and take the same work (a
/// digest over a throw-away password is computed for unknown users), so the registrar cannot be
/// used to find out which extensions exist. Thread-safe.
/// </remarks>
public sealed class DigestAuthenticator
{
    private readonly string _realm;
    private readonly Func<string, string?> _passwordOf;
    private readonly NonceService _nonces;
    private readonly string _decoyPassword = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    private readonly IReadOnlyList<string> _algorithms;

    /// <param name="algorithms">Challenge algorithms in order of preference (RFC 8760 §2.4: SHA-256 first).</param>
    public DigestAuthenticator(string realm, Func<string, string?> passwordOf, NonceService nonces, IReadOnlyList<string>? algorithms = null)
    {
        _algorithms = algorithms ?? [DigestAlgorithm.Sha256, DigestAlgorithm.Md5];
        _realm = realm;
        _passwordOf = passwordOf;
        _nonces = nonces;
    }

    public string Realm => _realm;

    /// <summary>Checks the Authorization header(s) for our realm against the request.</summary>
    public DigestVerdict Verify(SipRequest request, string headerName = "Authorization")
    {
        foreach (var header in request.Headers.Where(h => h.Name.Equals(headerName, StringComparison.OrdinalIgnoreCase)))
        {
            if (!DigestParameters.TryParse(header.Value, out var p) || p["realm"] != _realm)
            {
                continue;
            }

            return Check(request, p);
        }

        return new DigestVerdict(null, false, DigestRejection.NoCredentials);
    }

    /// <summary>
    /// The WWW-Authenticate headers of a challenge, one per configured algorithm in order of
    /// preference (RFC 8760 §2.4).
    /// </summary>
    public IReadOnlyList<SipHeader> Challenge(bool stale, string headerName = "WWW-Authenticate") => Challenge(_algorithms, stale, headerName);

    /// <summary>
    /// The challenge for <paramref name="request"/>: as <see cref="Challenge(bool, string)"/>, except
    /// that phones known to fail on any non-MD5 challenge (<see cref="Md5OnlyUserAgents"/>) get MD5
    /// alone when MD5 is configured.
    /// </summary>
    public IReadOnlyList<SipHeader> ChallengeFor(SipRequest request, bool stale, string headerName = "WWW-Authenticate") =>
        _algorithms.Count > 1 && _algorithms.Contains(DigestAlgorithm.Md5) && Md5OnlyUserAgents.Matches(request.Headers.Get(HeaderNames.UserAgent))
            ? Challenge([DigestAlgorithm.Md5], stale, headerName)
            : Challenge(stale, headerName);

    private List<SipHeader> Challenge(IReadOnlyList<string> algorithms, bool stale, string headerName)
    {
        var nonce = _nonces.Issue();
        var staleText = stale ? ", stale=true" : string.Empty;
        return [.. algorithms.Select(a => new SipHeader(headerName, $"Digest realm=\"{_realm}\", nonce=\"{nonce}\", algorithm={a}, qop=\"auth\"{staleText}"))];
    }

    private DigestVerdict Check(SipRequest request, DigestParameters p)
    {
        var user = p["username"];
        var nonce = p["nonce"];
        var response = p["response"];
        // Only a configured algorithm is accepted: --digest-algorithms SHA-256 means no MD5 answers.
        var algorithm = _algorithms.FirstOrDefault(a => a.Equals(p["algorithm"] ?? DigestAlgorithm.Md5, StringComparison.OrdinalIgnoreCase));
        var qop = p["qop"];
        if (user is null || nonce is null || response is null || p["uri"] is not { } uri || algorithm is null
            || (qop is not null && (qop != "auth" || p["nc"] is null || p["cnonce"] is null)))
        {
            return new DigestVerdict(null, false, DigestRejection.Malformed, user);
        }

        var password = _passwordOf(user);
        var ha1 = DigestAlgorithm.Ha1(algorithm, user, _realm, password ?? _decoyPassword);
        var expected = DigestAlgorithm.Response(algorithm, ha1, nonce, request.Method, uri, qop, p["nc"], p["cnonce"]);
        var matches = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(response.ToLowerInvariant()));
        if (!matches || password is null)
        {
            return new DigestVerdict(null, false, password is null ? DigestRejection.UnknownUser : DigestRejection.WrongPassword, user);
        }

        return _nonces.Check(nonce, qop is null ? null : p["nc"]) switch
        {
            NonceState.Valid => new DigestVerdict(user, false),
            NonceState.Stale => new DigestVerdict(null, true, DigestRejection.Stale, user),
            _ => new DigestVerdict(null, false, DigestRejection.InvalidNonce, user),
        };
    }
}
