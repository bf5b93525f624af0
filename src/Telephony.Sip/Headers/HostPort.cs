using System.Globalization;

namespace Telephony.Sip.Headers;

/// <summary>Splits "host[:port]" where host may be a bracketed IPv6 reference (RFC 5118).</summary>
public static class HostPort
{
    public static bool TryParse(ReadOnlySpan<char> text, out string host, out int? port)
    {
        host = string.Empty;
        port = null;
        text = text.Trim();
        if (text.IsEmpty)
        {
            return false;
        }

        ReadOnlySpan<char> portText;
        if (text[0] == '[')
        {
            var close = text.IndexOf(']');
            if (close < 0)
            {
                return false;
            }

            host = text[..(close + 1)].ToString();
            portText = text[(close + 1)..];
            if (!portText.IsEmpty && portText[0] != ':')
            {
                return false;
            }
        }
        else
        {
            var colon = text.IndexOf(':');
            host = (colon < 0 ? text : text[..colon]).ToString();
            portText = colon < 0 ? default : text[colon..];
            if (host.Length == 0 || host.AsSpan().IndexOfAny(" \t<>\"") >= 0)
            {
                return false;
            }
        }

        if (!portText.IsEmpty)
        {
            if (!int.TryParse(portText[1..], NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p is < 1 or > 65535)
            {
                return false;
            }

            port = p;
        }

        return true;
    }

    /// <summary>
    /// A hostname, IPv4 address or bracketed IPv6 reference (RFC 3261 §25.1). The IPv6 form
    /// "x:::a.b.c.d" that RFC 3261's ABNF allowed by mistake is tolerated (RFC 5118 §4.8).
    /// </summary>
    public static bool IsValidHost(string host)
    {
        if (host.Length > 1 && host[0] == '[')
        {
            if (host[^1] != ']')
            {
                return false;
            }

            var inner = host[1..^1];
            return System.Net.IPAddress.TryParse(inner, out var v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
                || (inner.Contains(":::", StringComparison.Ordinal) && System.Net.IPAddress.TryParse(inner.Replace(":::", "::", StringComparison.Ordinal), out _));
        }

        foreach (var c in host)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '.' and not '_')
            {
                return false;
            }
        }

        return host.Length > 0;
    }

    /// <summary>The host without IPv6 brackets, for address parsing.</summary>
    public static string Unbracket(string host) =>
        host.Length > 1 && host[0] == '[' && host[^1] == ']' ? host[1..^1] : host;
}
