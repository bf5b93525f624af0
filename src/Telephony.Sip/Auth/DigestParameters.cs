using System.Text;

namespace Telephony.Sip.Auth;

/// <summary>The comma-separated name=value list after "Digest" in WWW-Authenticate, Proxy-Authenticate and Authorization.</summary>
public sealed class DigestParameters
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    public string? this[string name] => _values.GetValueOrDefault(name);

    /// <summary>Parses "Digest a=b, c="d"" (quotes removed, backslash escapes resolved). False for other schemes or bad syntax.</summary>
    public static bool TryParse(string? header, out DigestParameters parameters)
    {
        parameters = new DigestParameters();
        if (header is null)
        {
            return false;
        }

        var text = header.AsSpan().Trim();
        if (!text.StartsWith("Digest", StringComparison.OrdinalIgnoreCase) || (text.Length > 6 && !char.IsWhiteSpace(text[6])))
        {
            return false;
        }

        text = text[6..];
        while (true)
        {
            text = text.TrimStart(" \t,");
            if (text.IsEmpty)
            {
                return parameters._values.Count > 0;
            }

            var eq = text.IndexOf('=');
            if (eq <= 0)
            {
                return false;
            }

            var name = text[..eq].Trim().ToString();
            text = text[(eq + 1)..].TrimStart();
            string value;
            if (!text.IsEmpty && text[0] == '"')
            {
                var sb = new StringBuilder();
                var i = 1;
                for (; i < text.Length && text[i] != '"'; i++)
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                    }

                    sb.Append(text[i]);
                }

                if (i >= text.Length)
                {
                    return false;
                }

                value = sb.ToString();
                text = text[(i + 1)..];
            }
            else
            {
                var comma = text.IndexOf(',');
                value = (comma < 0 ? text : text[..comma]).Trim().ToString();
                text = comma < 0 ? default : text[comma..];
            }

            parameters._values[name] = value;
        }
    }
}
