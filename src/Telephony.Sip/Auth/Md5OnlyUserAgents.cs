using System.Globalization;
using System.Text.RegularExpressions;

namespace Telephony.Sip.Auth;

/// <summary>
/// Phones whose SIP library fails a whole 401 when any of its challenges names an algorithm
/// other than MD5, whatever the order (RFC 8760 §2.4 asks a client to use the first challenge
/// it supports). They are challenged with MD5 alone, when MD5 is one of the configured algorithms.
/// </summary>
/// <remarks>
/// baresip before 3.12 (Debian 12 ships 1.0.0): its libre reads every WWW-Authenticate header
/// and stops with ENOSYS ("Register: Function not implemented") at the first one whose algorithm
/// is not MD5, even after an MD5 one it could have answered. libre 3.12 learnt SHA-256.
/// Only the challenge's algorithm list changes; which algorithms are accepted stays as
/// configured, so claiming to be such a phone downgrades nothing the admin did not allow.
/// </remarks>
public static partial class Md5OnlyUserAgents
{
    public static bool Matches(string? userAgent)
    {
        if (userAgent is null || BaresipVersion().Match(userAgent) is not { Success: true } m)
        {
            return false;
        }

        var major = int.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
        var minor = int.Parse(m.Groups[2].ValueSpan, CultureInfo.InvariantCulture);
        return major < 3 || (major == 3 && minor < 12);
    }

    [GeneratedRegex(@"^baresip v(\d{1,4})\.(\d{1,4})", RegexOptions.CultureInvariant)]
    private static partial Regex BaresipVersion();
}
