namespace Telephony.Sip.Headers;

/// <summary>Parses and prints ";name=value" parameter lists (generic-param, RFC 3261 §25.1).</summary>
/// <remarks>Names compare case-insensitively; values keep their spelling (quoted values keep their quotes).</remarks>
public static class HeaderParameters
{
    /// <summary>Splits <paramref name="text"/> (which starts after the first ';') into parameters.</summary>
    public static List<KeyValuePair<string, string?>> Parse(ReadOnlySpan<char> text)
    {
        var list = new List<KeyValuePair<string, string?>>();
        while (!text.IsEmpty)
        {
            var end = IndexOfSeparator(text);
            var part = (end < 0 ? text : text[..end]).Trim();
            text = end < 0 ? default : text[(end + 1)..];
            if (part.IsEmpty)
            {
                continue;
            }

            var eq = part.IndexOf('=');
            list.Add(eq < 0
                ? new KeyValuePair<string, string?>(part.ToString(), null)
                : new KeyValuePair<string, string?>(part[..eq].Trim().ToString(), part[(eq + 1)..].Trim().ToString()));
        }

        return list;
    }

    /// <summary>
    /// Like <see cref="Parse"/>, but fails on what the grammar forbids: empty parameters
    /// (";;"), names that are not tokens, and empty values after '='.
    /// </summary>
    public static bool TryParseStrict(ReadOnlySpan<char> text, out List<KeyValuePair<string, string?>> parameters, bool uriParameters = false)
    {
        parameters = [];
        if (text.IsEmpty)
        {
            return true;
        }

        while (true)
        {
            var end = IndexOfSeparator(text);
            var part = (end < 0 ? text : text[..end]).Trim();
            if (part.IsEmpty)
            {
                return false;
            }

            var eq = part.IndexOf('=');
            var name = (eq < 0 ? part : part[..eq]).Trim();
            var value = eq < 0 ? default : part[(eq + 1)..].Trim();
            if (!(uriParameters ? IsUriParamName(name) : Messages.SipSyntax.IsToken(name)) || (eq >= 0 && value.IsEmpty))
            {
                return false;
            }

            parameters.Add(new(name.ToString(), eq < 0 ? null : value.ToString()));
            if (end < 0)
            {
                return true;
            }

            text = text[(end + 1)..];
        }
    }

    /// <summary>pname = 1*paramchar: token characters plus the URI param-unreserved ones (RFC 3261 §25.1).</summary>
    private static bool IsUriParamName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!Messages.SipSyntax.IsTokenChar(c) && c is not ('[' or ']' or '/' or ':' or '&' or '$' or '(' or ')'))
            {
                return false;
            }
        }

        return true;
    }

    public static string? Get(IReadOnlyList<KeyValuePair<string, string?>> parameters, string name, out bool present)
    {
        foreach (var p in parameters)
        {
            if (string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                present = true;
                return p.Value;
            }
        }

        present = false;
        return null;
    }

    public static string? Get(IReadOnlyList<KeyValuePair<string, string?>> parameters, string name) =>
        Get(parameters, name, out _);

    public static void Write(System.Text.StringBuilder sb, IEnumerable<KeyValuePair<string, string?>> parameters)
    {
        foreach (var p in parameters)
        {
            sb.Append(';').Append(p.Key);
            if (p.Value is not null)
            {
                sb.Append('=').Append(p.Value);
            }
        }
    }

    private static int IndexOfSeparator(ReadOnlySpan<char> text)
    {
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '"')
            {
                quoted = !quoted;
            }
            else if (text[i] == '\\' && quoted)
            {
                i++;
            }
            else if (text[i] == ';' && !quoted)
            {
                return i;
            }
        }

        return -1;
    }
}
