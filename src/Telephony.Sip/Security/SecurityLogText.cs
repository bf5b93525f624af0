using System.Globalization;
using System.Text;

namespace Telephony.Sip.Security;

/// <summary>
/// Text a sender chose (a User-Agent, a digest user name), made safe to quote in a SECURITY
/// line: '=', '"', '\', '%', spaces' cousins (control characters) and non-ASCII become %XX, and
/// it is cut at <see cref="MaxLength"/>. The fail2ban filters match "SECURITY ... ip=&lt;HOST&gt;"
/// greedily, so a User-Agent holding "SECURITY ban ip=VICTIM" would otherwise get VICTIM banned:
/// with no '=' left in quoted text, every SECURITY line holds exactly one "ip=".
/// </summary>
public static class SecurityLogText
{
    public const int MaxLength = 128;

    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var clean = new StringBuilder(Math.Min(text.Length, MaxLength) + 8);
        foreach (var c in text)
        {
            if (clean.Length >= MaxLength)
            {
                break;
            }

            if (c is >= ' ' and <= '~' and not '=' and not '"' and not '\\' and not '%')
            {
                clean.Append(c);
            }
            else
            {
                foreach (var b in Encoding.UTF8.GetBytes(c.ToString()))
                {
                    clean.Append('%').Append(((int)b).ToString("X2", CultureInfo.InvariantCulture));
                }
            }
        }

        return clean.ToString();
    }
}
