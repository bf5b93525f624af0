using System.Text;

namespace Telephony.Sip.Headers;

/// <summary>A SIP, SIPS or TEL URI (RFC 3261 §19.1, RFC 3966); other schemes are kept opaque.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class SipUri
{
    private SipUri(string scheme, string? user, string host, int? port, List<KeyValuePair<string, string?>> parameters, string? headers)
    {
        Scheme = scheme;
        User = user;
        Host = host;
        Port = port;
        Parameters = parameters;
        UriHeaders = headers;
    }

    public string Scheme { get; }

    /// <summary>The user part (with any password), or the number of a tel: URI.</summary>
    public string? User { get; }

    public string Host { get; }

    public int? Port { get; }

    public IReadOnlyList<KeyValuePair<string, string?>> Parameters { get; }

    public string? UriHeaders { get; }

    public bool IsSip => Scheme.Equals("sip", StringComparison.OrdinalIgnoreCase) || Scheme.Equals("sips", StringComparison.OrdinalIgnoreCase);

    public string? Transport => HeaderParameters.Get(Parameters, "transport");

    public static SipUri Create(string scheme, string? user, string host, int? port, params KeyValuePair<string, string?>[] parameters) =>
        new(scheme, user, host, port, [.. parameters], null);

    public static bool TryParse(string? text, out SipUri uri)
    {
        uri = null!;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        var colon = span.IndexOf(':');
        if (colon <= 0 || !IsScheme(span[..colon]))
        {
            return false;
        }

        var scheme = span[..colon].ToString();
        var rest = span[(colon + 1)..];
        var isSip = scheme.Equals("sip", StringComparison.OrdinalIgnoreCase) || scheme.Equals("sips", StringComparison.OrdinalIgnoreCase);
        if (!isSip)
        {
            string? opaqueHeaders = null;
            var question = rest.IndexOf('?');
            if (question >= 0)
            {
                opaqueHeaders = rest[(question + 1)..].ToString();
                rest = rest[..question];
            }

            var semi = rest.IndexOf(';');
            var main = (semi < 0 ? rest : rest[..semi]).ToString();
            var parameters = semi < 0 ? [] : HeaderParameters.Parse(rest[(semi + 1)..]);
            var isTel = scheme.Equals("tel", StringComparison.OrdinalIgnoreCase);
            uri = new SipUri(scheme, isTel ? main : null, isTel ? string.Empty : main, null, parameters, opaqueHeaders);
            return main.Length > 0 && main.AsSpan().IndexOfAny(" \t") < 0;
        }

        // '@' appears only as the userinfo delimiter ('?' and ';' may appear inside the user part,
        // RFC 3261 §25.1 user-unreserved), so the last '@' splits userinfo from the host.
        string? user = null;
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            user = rest[..at].ToString();
            rest = rest[(at + 1)..];
            if (user.Length == 0 || user.AsSpan().IndexOfAny(" \t<>\"") >= 0)
            {
                return false;
            }
        }

        string? headers = null;
        var q = rest.IndexOf('?');
        if (q >= 0)
        {
            headers = rest[(q + 1)..].ToString();
            rest = rest[..q];
        }

        var paramStart = rest.IndexOf(';');
        var hostPart = paramStart < 0 ? rest : rest[..paramStart];
        if (!HostPort.TryParse(hostPart, out var host, out var port) || !HostPort.IsValidHost(host))
        {
            return false;
        }

        if (!HeaderParameters.TryParseStrict(paramStart < 0 ? default : rest[(paramStart + 1)..], out var uriParams, uriParameters: true))
        {
            return false;
        }

        uri = new SipUri(scheme, user, host, port, uriParams, headers);
        return true;
    }

    public override string ToString()
    {
        var sb = new StringBuilder(Scheme).Append(':');
        if (!IsSip)
        {
            sb.Append(User ?? Host);
        }
        else
        {
            if (User is not null)
            {
                sb.Append(User).Append('@');
            }

            sb.Append(Host);
            if (Port is { } p)
            {
                sb.Append(':').Append(p);
            }
        }

        HeaderParameters.Write(sb, Parameters);
        if (UriHeaders is not null)
        {
            sb.Append('?').Append(UriHeaders);
        }

        return sb.ToString();
    }

    private static bool IsScheme(ReadOnlySpan<char> s)
    {
        if (!char.IsAsciiLetter(s[0]))
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '+' and not '-' and not '.')
            {
                return false;
            }
        }

        return true;
    }
}
