using System.Globalization;
using Telephony.Server.Cli;
using Telephony.Sip.Dialogs;
using Telephony.Sip.Headers;
using Telephony.Sip.Transport;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Telephony.Server.Trunks;

/// <summary>
/// Reads the trunks file given to <c>--trunks</c> (YAML: a <c>trunks:</c> list). Every mistake is
/// reported as <c>FILE:LINE:COL: error: message</c>, all of them at once, so an admin fixes the
/// file in one pass; nothing starts with a half-understood trunk.
/// </summary>
internal static class TrunksFile
{
    private static readonly string[] Fields =
        ["name", "host", "port", "transport", "username", "password", "realm", "register", "expires", "outbound_proxy", "registrar", "aor"];

    public static IReadOnlyList<TrunkConfig> Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--trunks: cannot read {path}: {e.Message}");
        }

        var (trunks, errors) = Parse(path, text);
        if (errors.Count > 0)
        {
            throw new UsageException("invalid trunks file:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
        }

        return trunks;
    }

    /// <summary>Parses the text; returns the trunks and every error found (empty when valid).</summary>
    public static (IReadOnlyList<TrunkConfig> Trunks, IReadOnlyList<string> Errors) Parse(string path, string text)
    {
        var errors = new List<string>();
        var trunks = new List<TrunkConfig>();
        void Error(Mark at, string message) => errors.Add($"{path}:{at.Line}:{at.Column}: error: {message}");

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            Error(e.Start, "not valid YAML: " + e.Message);
            return (trunks, errors);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("trunks"), out var listNode))
        {
            Error(stream.Documents.Count > 0 ? stream.Documents[0].RootNode.Start : Mark.Empty, "expected a top-level 'trunks:' list");
            return (trunks, errors);
        }

        foreach (var key in root.Children.Keys)
        {
            if (key is YamlScalarNode { Value: not "trunks" } other)
            {
                Error(other.Start, $"unknown top-level key '{other.Value}' (only 'trunks' is allowed)");
            }
        }

        if (listNode is not YamlSequenceNode list)
        {
            Error(listNode.Start, "'trunks' must be a list of trunks (items start with '- ')");
            return (trunks, errors);
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in list.Children)
        {
            if (item is not YamlMappingNode map)
            {
                Error(item.Start, "a trunk must be a mapping of fields (name:, host:, ...)");
                continue;
            }

            if (ParseTrunk(map, Error) is { } trunk)
            {
                if (!names.Add(trunk.Name))
                {
                    Error(map.Start, $"trunk name '{trunk.Name}' is used twice; names must be unique");
                }

                trunks.Add(trunk);
            }
        }

        return (trunks, errors);
    }

    private static TrunkConfig? ParseTrunk(YamlMappingNode map, Action<Mark, string> error)
    {
        var values = new Dictionary<string, YamlScalarNode>(StringComparer.Ordinal);
        var failed = false;
        void Fail(Mark at, string message)
        {
            failed = true;
            error(at, message);
        }

        foreach (var (keyNode, valueNode) in map.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
            if (!Fields.Contains(key))
            {
                var hint = Fields.OrderBy(f => Distance(f, key)).First();
                Fail(keyNode.Start, $"unknown field '{key}' (did you mean '{hint}'? fields: {string.Join(", ", Fields)})");
                continue;
            }

            if (valueNode is not YamlScalarNode scalar || scalar.Value is null)
            {
                Fail(valueNode.Start, $"'{key}' must be a single value");
                continue;
            }

            values[key] = scalar;
        }

        string? Get(string key) => values.TryGetValue(key, out var v) ? v.Value : null;
        Mark At(string key) => values.TryGetValue(key, out var v) ? v.Start : map.Start;

        var name = Get("name");
        if (name is null || name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            Fail(At("name"), "each trunk needs a 'name' of letters, digits, - and _");
        }

        var host = Get("host");
        if (host is null || host.Length == 0 || host.Any(c => char.IsWhiteSpace(c) || c is ':' or ';' or '@') && !host.StartsWith('['))
        {
            Fail(At("host"), "each trunk needs a 'host': a DNS name or an IP address (IPv6 in brackets), without port or scheme");
        }

        int? port = null;
        if (Get("port") is { } portText)
        {
            if (int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= 65535)
            {
                port = p;
            }
            else
            {
                Fail(At("port"), $"'port' must be a number from 1 to 65535 (got '{portText}')");
            }
        }

        var transport = SipTransportKind.Udp;
        switch (Get("transport")?.ToLowerInvariant())
        {
            case null or "udp":
                break;
            case "tcp":
                transport = SipTransportKind.Tcp;
                break;
            case "tls":
                transport = SipTransportKind.Tls;
                break;
            default:
                Fail(At("transport"), $"'transport' must be udp, tcp or tls (got '{Get("transport")}')");
                break;
        }

        var (user, password) = (Get("username"), Get("password"));
        if ((user is null) != (password is null))
        {
            Fail(At(user is null ? "password" : "username"), "'username' and 'password' go together");
        }

        var register = false;
        if (Get("register") is { } registerText && !bool.TryParse(registerText, out register))
        {
            Fail(At("register"), $"'register' must be true or false (got '{registerText}')");
        }

        if (register && user is null)
        {
            Fail(At("register"), "'register: true' needs 'username' and 'password'");
        }

        var expires = 3600;
        if (Get("expires") is { } expiresText
            && (!int.TryParse(expiresText, NumberStyles.None, CultureInfo.InvariantCulture, out expires) || expires is < 60 or > 86_400))
        {
            Fail(At("expires"), $"'expires' must be seconds from 60 to 86400 (got '{expiresText}')");
        }

        foreach (var uriField in new[] { "outbound_proxy", "registrar", "aor" })
        {
            if (Get(uriField) is { } uri && !SipUri.TryParse(uri, out _))
            {
                Fail(At(uriField), $"'{uriField}' must be a SIP URI such as sip:proxy.example.com;lr (got '{uri}')");
            }
        }

        if (failed)
        {
            return null;
        }

        var hostPort = port is { } explicitPort ? $"{host}:{explicitPort}" : host!;
        return new TrunkConfig(
            name!,
            host!,
            port,
            transport,
            user is null ? null : new SipCredentials(user, password!, Get("realm")),
            register,
            TimeSpan.FromSeconds(expires),
            Get("outbound_proxy"),
            Get("registrar") ?? $"sip:{hostPort}{transport.UriParameter()}",
            Get("aor") ?? $"sip:{user ?? "telephony"}@{host}");
    }

    /// <summary>Edit distance, for "did you mean" hints on misspelt fields.</summary>
    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var previous = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var current = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), previous + (a[i - 1] == b[j - 1] ? 0 : 1));
                previous = current;
            }
        }

        return row[b.Length];
    }
}
