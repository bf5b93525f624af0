using System.Security.Cryptography;

namespace Telephony.Sip;

/// <summary>Random identifiers: tags, branches and Call-IDs.</summary>
/// <remarks>
/// Taken from a cryptographic source because tags and Call-IDs are what an attacker must guess
/// to inject a BYE into someone else's dialog. Thread-safe.
/// </remarks>
public static class SipIds
{
    public static string NewTag() => Hex(6);

    public static string NewBranch() => Transactions.BranchPrefix + Hex(10);

    public static string NewCallId() => Hex(16);

    private static string Hex(int bytes)
    {
        Span<byte> random = stackalloc byte[bytes];
        RandomNumberGenerator.Fill(random);
        return Convert.ToHexStringLower(random);
    }

    private static class Transactions
    {
        public const string BranchPrefix = Headers.ViaHeader.MagicCookie;
    }
}
