using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Telephony.Sip.Auth;

/// <summary>What a nonce check found.</summary>
public enum NonceState
{
    Valid,

    /// <summary>Ours but expired: the client should retry with a new one without asking the user (stale=true).</summary>
    Stale,

    /// <summary>Not issued by us, or its nonce-count did not increase (a replay).</summary>
    Invalid,
}

/// <summary>Issues and checks digest nonces: self-validating (time + HMAC), with nonce-count replay protection.</summary>
/// <remarks>
/// A nonce is base64url(issue-time | random | HMAC-SHA256(secret, issue-time | random)), so any node restart
/// invalidates them cleanly and no table of issued nonces is kept; only the highest nonce-count
/// seen per nonce is remembered, for its lifetime. Thread-safe.
/// </remarks>
public sealed class NonceService
{
    /// <summary>Issue time (8 bytes), randomness (8), truncated HMAC of both (16).</summary>
    private const int Length = 32;

    private readonly byte[] _secret = RandomNumberGenerator.GetBytes(32);
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public NonceService(TimeProvider time, TimeSpan lifetime)
    {
        _time = time;
        _lifetime = lifetime;
    }

    public string Issue()
    {
        Span<byte> raw = stackalloc byte[Length];
        BinaryPrimitives.WriteInt64BigEndian(raw, _time.GetUtcNow().ToUnixTimeMilliseconds());
        RandomNumberGenerator.Fill(raw[8..16]);
        Sign(raw[..16], raw[16..]);
        return Convert.ToBase64String(raw).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Checks a nonce and, with qop, that its nonce-count went up (RFC 7616 §3.4.5).</summary>
    public NonceState Check(string nonce, string? nonceCount)
    {
        Span<byte> raw = stackalloc byte[Length];
        Span<byte> expected = stackalloc byte[16];
        var padded = nonce.Replace('-', '+').Replace('_', '/') + "=";
        if (nonce.Length != 43 || !Convert.TryFromBase64String(padded, raw, out var written) || written != Length)
        {
            return NonceState.Invalid;
        }

        Sign(raw[..16], expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, raw[16..]))
        {
            return NonceState.Invalid;
        }

        var issued = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(raw));
        if (_time.GetUtcNow() - issued > _lifetime)
        {
            _counts.TryRemove(nonce, out _);
            return NonceState.Stale;
        }

        if (nonceCount is null)
        {
            return NonceState.Valid;
        }

        if (!long.TryParse(nonceCount, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var nc) || nc <= 0)
        {
            return NonceState.Invalid;
        }

        var accepted = false;
        _counts.AddOrUpdate(nonce, _ => { accepted = true; return nc; }, (_, last) =>
        {
            accepted = nc > last;
            return accepted ? nc : last;
        });
        return accepted ? NonceState.Valid : NonceState.Invalid;
    }

    /// <summary>Forgets counts of nonces past their lifetime.</summary>
    public void Sweep()
    {
        foreach (var nonce in _counts.Keys)
        {
            if (Check(nonce, null) != NonceState.Valid)
            {
                _counts.TryRemove(nonce, out _);
            }
        }
    }

    private void Sign(ReadOnlySpan<byte> timestamp, Span<byte> signature)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_secret, timestamp, mac);
        mac[..16].CopyTo(signature);
    }
}
