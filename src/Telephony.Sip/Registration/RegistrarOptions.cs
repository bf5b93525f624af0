namespace Telephony.Sip.Registration;

/// <summary>Who may register and for how long.</summary>
/// <param name="Realm">Digest realm of the challenges.</param>
/// <param name="Users">User name → password of the accounts (agents' softphones).</param>
public sealed record RegistrarOptions(string Realm, IReadOnlyDictionary<string, string> Users)
{
    /// <summary>Shortest registration accepted; shorter ones get 423 with Min-Expires (RFC 3261 §10.3 step 7).</summary>
    public TimeSpan MinExpires { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Longest registration granted; longer requests are shortened to it.</summary>
    public TimeSpan MaxExpires { get; init; } = TimeSpan.FromHours(1);

    public TimeSpan DefaultExpires { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Digest algorithms offered, in order of preference (default SHA-256, then MD5).</summary>
    public IReadOnlyList<string> Algorithms { get; init; } = [Auth.DigestAlgorithm.Sha256, Auth.DigestAlgorithm.Md5];

    /// <summary>How long a nonce is accepted before the client must fetch a new one (stale=true).</summary>
    public TimeSpan NonceLifetime { get; init; } = TimeSpan.FromMinutes(5);
}
