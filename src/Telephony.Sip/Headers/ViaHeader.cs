using System.Globalization;
using System.Text;

namespace Telephony.Sip.Headers;

/// <summary>One Via value: "SIP/2.0/transport sent-by;params" (RFC 3261 §20.42, RFC 3581 rport).</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class ViaHeader
{
    /// <summary>RFC 3261 branch prefix that marks transaction-unique branch ids.</summary>
    public const string MagicCookie = "z9hG4bK";

    private ViaHeader(string protocol, string transport, string host, int? port, List<KeyValuePair<string, string?>> parameters)
    {
        Protocol = protocol;
        Transport = transport;
        Host = host;
        Port = port;
        Parameters = parameters;
    }

    /// <summary>"SIP/2.0".</summary>
    public string Protocol { get; }

    /// <summary>Transport token in upper case (UDP, TCP, TLS, ...).</summary>
    public string Transport { get; }

    public string Host { get; }

    public int? Port { get; }

    public IReadOnlyList<KeyValuePair<string, string?>> Parameters { get; }

    public string? Branch => HeaderParameters.Get(Parameters, "branch");

    public string? Received => HeaderParameters.Get(Parameters, "received");

    /// <summary>True when the sender asked for rport (RFC 3581), with or without a value.</summary>
    public bool HasRPort
    {
        get
        {
            HeaderParameters.Get(Parameters, "rport", out var present);
            return present;
        }
    }

    /// <summary>"host:port" as the transaction key's sent-by.</summary>
    public string SentBy => Port is { } p ? string.Create(CultureInfo.InvariantCulture, $"{Host}:{p}") : Host;

    /// <summary>
    /// True for branches that promise transaction uniqueness: the magic cookie followed by at least
    /// one more character (a bare cookie identifies nothing, RFC 4475 §3.2.1).
    /// </summary>
    public bool HasRfc3261Branch => Branch is { Length: > 7 } b && b.StartsWith(MagicCookie, StringComparison.Ordinal);

    public static ViaHeader Create(string transport, string host, int port, string branch, bool rport = true)
    {
        var parameters = new List<KeyValuePair<string, string?>> { new("branch", branch) };
        if (rport)
        {
            parameters.Add(new("rport", null));
        }

        return new ViaHeader("SIP/2.0", transport.ToUpperInvariant(), host, port, parameters);
    }

    public static bool TryParse(string? text, out ViaHeader via)
    {
        via = null!;
        if (text is null)
        {
            return false;
        }

        var span = text.AsSpan().Trim();

        // sent-protocol = protocol-name SLASH protocol-version SLASH transport, LWS allowed around slashes.
        if (!TakeToken(ref span, out var name) || !TakeSlash(ref span) || !TakeToken(ref span, out var version)
            || !TakeSlash(ref span) || !TakeToken(ref span, out var transport))
        {
            return false;
        }

        span = span.TrimStart();
        var semi = span.IndexOf(';');
        var sentBy = semi < 0 ? span : span[..semi];
        if (!HostPort.TryParse(sentBy, out var host, out var port))
        {
            return false;
        }

        if (!HostPort.IsValidHost(host) || !HeaderParameters.TryParseStrict(semi < 0 ? default : span[(semi + 1)..], out var parameters))
        {
            return false;
        }

        via = new ViaHeader($"{name}/{version}", transport.ToUpperInvariant(), host, port, parameters);
        return true;
    }

    /// <summary>
    /// A copy with received= and rport= filled in as a server does for the source of a request
    /// (RFC 3261 §18.2.1, RFC 3581 §4): received when the source differs from sent-by, rport
    /// when the client asked for it.
    /// </summary>
    public ViaHeader WithSource(string sourceIp, int sourcePort)
    {
        var parameters = new List<KeyValuePair<string, string?>>(Parameters.Count + 1);
        var hostIp = HostPort.Unbracket(Host);
        var addReceived = HasRPort || !string.Equals(hostIp, sourceIp, StringComparison.OrdinalIgnoreCase);
        foreach (var p in Parameters)
        {
            if (p.Key.Equals("received", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            parameters.Add(p.Key.Equals("rport", StringComparison.OrdinalIgnoreCase)
                ? new(p.Key, sourcePort.ToString(CultureInfo.InvariantCulture))
                : p);
        }

        if (addReceived)
        {
            parameters.Add(new("received", sourceIp));
        }

        return new ViaHeader(Protocol, Transport, Host, Port, parameters);
    }

    public int? RPort =>
        int.TryParse(HeaderParameters.Get(Parameters, "rport"), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : null;

    public override string ToString()
    {
        var sb = new StringBuilder(Protocol).Append('/').Append(Transport).Append(' ').Append(Host);
        if (Port is { } p)
        {
            sb.Append(':').Append(p);
        }

        HeaderParameters.Write(sb, Parameters);
        return sb.ToString();
    }

    private static bool TakeToken(ref ReadOnlySpan<char> span, out string token)
    {
        span = span.TrimStart();
        var i = 0;
        while (i < span.Length && Messages.SipSyntax.IsTokenChar(span[i]))
        {
            i++;
        }

        token = span[..i].ToString();
        span = span[i..];
        return i > 0;
    }

    private static bool TakeSlash(ref ReadOnlySpan<char> span)
    {
        span = span.TrimStart();
        if (span.IsEmpty || span[0] != '/')
        {
            return false;
        }

        span = span[1..];
        return true;
    }
}
