using System.Security.Cryptography;

namespace Telephony.Sip;

/// <summary>Random identifiers: tags, branches and Call-IDs.</summary>
/// <remarks>
/// Taken from a cryptographic source because tags and Call-IDs are what an attacker must guess
/// to inject a BYE into someone else's dialog. Each thread draws from its own buffer of random
/// bytes refilled 256 at a time: OpenSSL checks the process id on every draw (a getpid system
/// call), which at a thousand calls per second was several system calls per call. Thread-safe.
/// </remarks>
public static class SipIds
{
    public static string NewTag() => Hex(6);

    public static string NewBranch() => Transactions.BranchPrefix + Hex(10);

    public static string NewCallId() => Hex(16);

    [ThreadStatic]
    private static byte[]? t_pool;

    [ThreadStatic]
    private static int t_used;

    private const int PoolSize = 256;

    private static string Hex(int bytes)
    {
        var pool = t_pool;
        if (pool is null || t_used + bytes > PoolSize)
        {
            pool = t_pool ??= new byte[PoolSize];
            RandomNumberGenerator.Fill(pool);
            t_used = 0;
        }

        var random = pool.AsSpan(t_used, bytes);
        t_used += bytes;
        var hex = Convert.ToHexStringLower(random);
        random.Clear(); // a byte handed out once is never handed out again, even in a memory dump
        return hex;
    }

    private static class Transactions
    {
        public const string BranchPrefix = Headers.ViaHeader.MagicCookie;
    }
}
