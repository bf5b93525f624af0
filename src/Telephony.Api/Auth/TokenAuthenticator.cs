using System.Security.Cryptography;
using System.Text;

namespace Telephony.Api.Auth;

/// <summary>Finds the role of a presented bearer token without leaking, by timing, how much of it matched.</summary>
/// <remarks>
/// Only SHA-256 hashes of the tokens are kept. A presented token is hashed and compared with every
/// known hash by <see cref="CryptographicOperations.FixedTimeEquals"/>, without stopping at the
/// first match, so the time taken depends neither on the token's content nor on which one it is.
/// Thread-safe (immutable).
/// </remarks>
internal sealed class TokenAuthenticator
{
    private readonly (byte[] Hash, ApiRole Role)[] _known;

    public TokenAuthenticator(IEnumerable<ApiToken> tokens)
    {
        _known = [.. tokens.Select(t => (Hash(t.Token), t.Role))];
    }

    public int Count => _known.Length;

    /// <summary>The role of <paramref name="token"/>, or null when it is not a known token.</summary>
    public ApiRole? Authenticate(string token)
    {
        Span<byte> presented = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(token), presented);
        ApiRole? role = null;
        foreach (var (hash, r) in _known)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, presented))
            {
                role = r;
            }
        }

        return role;
    }

    /// <summary>A stable, non-reversible name for a token (rate-limit partitions), never the token itself.</summary>
    public static string Fingerprint(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
