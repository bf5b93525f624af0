using System.Globalization;
using System.Text;

namespace Telephony.Sdp;

/// <summary>A session description (RFC 8866): session lines plus media sections.</summary>
/// <remarks>
/// Parsing is lenient where real phones are sloppy (LF line ends, trailing spaces, unknown
/// lines and attributes are kept) and strict where the content would be unusable. Not thread-safe.
/// </remarks>
public sealed class SessionDescription
{
    public int Version { get; set; }

    public SdpOrigin Origin { get; set; } = new("-", "0", "0", "IN", "IP4", "0.0.0.0");

    public string SessionName { get; set; } = "-";

    public SdpConnection? Connection { get; set; }

    public string Timing { get; set; } = "0 0";

    public IList<SdpAttribute> Attributes { get; } = [];

    /// <summary>Session-level lines we do not model (i=, u=, e=, p=, b=, r=, z=, k=), in order.</summary>
    public IList<string> OtherLines { get; } = [];

    public IList<MediaDescription> Media { get; } = [];

    public MediaDirection Direction =>
        Attributes.Select(a => Directions.TryParse(a.Name, out var d) ? d : (MediaDirection?)null).FirstOrDefault(d => d is not null) ?? MediaDirection.SendRecv;

    public static SessionDescription Parse(string text) =>
        TryParse(Encoding.UTF8.GetBytes(text), out var sdp, out var error) ? sdp! : throw new FormatException(error);

    public static bool TryParse(ReadOnlySpan<byte> utf8, out SessionDescription? sdp, out string? error)
    {
        sdp = null;
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(utf8);
        }
        catch (DecoderFallbackException)
        {
            error = "SDP is not valid UTF-8";
            return false;
        }

        var result = new SessionDescription();
        MediaDescription? media = null;
        var sawVersion = false;
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r', ' ', '\t');
            if (line.Length == 0)
            {
                continue;
            }

            if (line.Length < 2 || line[1] != '=')
            {
                error = $"line {lineNumber}: expected 'x=value', got '{Shorten(line)}'";
                return false;
            }

            var type = line[0];
            var value = line[2..];
            if (!sawVersion)
            {
                if (type != 'v' || value.Trim() != "0")
                {
                    error = "SDP must start with v=0";
                    return false;
                }

                sawVersion = true;
                continue;
            }

            error = type switch
            {
                'o' => ParseOrigin(value, result),
                's' => Set(() => result.SessionName = value),
                't' => Set(() => result.Timing = value),
                'c' => ParseConnection(value, out var c) ?? Set(() =>
                {
                    if (media is null)
                    {
                        result.Connection = c;
                    }
                    else
                    {
                        media.Connection = c;
                    }
                }),
                'a' => Set(() => (media?.Attributes ?? result.Attributes).Add(ParseAttribute(value))),
                'm' => ParseMedia(value, out media) ?? Set(() => result.Media.Add(media!)),
                _ => Set(() => (media?.OtherLines ?? result.OtherLines).Add(line)),
            };
            if (error is not null)
            {
                error = $"line {lineNumber}: {error}";
                return false;
            }
        }

        if (!sawVersion)
        {
            error = "SDP is empty (no v= line)";
            return false;
        }

        for (var i = 0; i < result.Media.Count; i++)
        {
            var m = result.Media[i];
            m.SessionDirection = result.Direction;
            if (m.Port != 0 && m.Connection is null && result.Connection is null)
            {
                error = $"m-line {i + 1} ({m.Media}) has no c= line and there is no session-level c=";
                return false;
            }
        }

        sdp = result;
        error = null;
        return true;
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        Line(sb, 'v', Version.ToString(CultureInfo.InvariantCulture));
        Line(sb, 'o', Origin.ToString());
        Line(sb, 's', SessionName);
        foreach (var other in OtherLines.Where(l => l[0] is 'i' or 'u' or 'e' or 'p'))
        {
            sb.Append(other).Append("\r\n");
        }

        if (Connection is not null)
        {
            Line(sb, 'c', Connection.ToString());
        }

        foreach (var other in OtherLines.Where(l => l[0] == 'b'))
        {
            sb.Append(other).Append("\r\n");
        }

        Line(sb, 't', Timing);
        foreach (var other in OtherLines.Where(l => l[0] is not ('i' or 'u' or 'e' or 'p' or 'b')))
        {
            sb.Append(other).Append("\r\n");
        }

        foreach (var a in Attributes)
        {
            Line(sb, 'a', a.ToString());
        }

        foreach (var m in Media)
        {
            var port = m.PortCount is { } n ? $"{m.Port}/{n}" : m.Port.ToString(CultureInfo.InvariantCulture);
            Line(sb, 'm', $"{m.Media} {port} {m.Protocol} {string.Join(' ', m.Formats)}");
            foreach (var other in m.OtherLines.Where(l => l[0] == 'i'))
            {
                sb.Append(other).Append("\r\n");
            }

            if (m.Connection is not null)
            {
                Line(sb, 'c', m.Connection.ToString());
            }

            foreach (var other in m.OtherLines.Where(l => l[0] != 'i'))
            {
                sb.Append(other).Append("\r\n");
            }

            foreach (var a in m.Attributes)
            {
                Line(sb, 'a', a.ToString());
            }
        }

        return sb.ToString();
    }

    private static void Line(StringBuilder sb, char type, string value) => sb.Append(type).Append('=').Append(value).Append("\r\n");

    private static string? Set(Action action)
    {
        action();
        return null;
    }

    private static string Shorten(string s) => s.Length > 40 ? s[..40] + "..." : s;

    private static string? ParseOrigin(string value, SessionDescription sdp)
    {
        var p = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (p.Length != 6)
        {
            return "o= needs 6 fields: username sess-id sess-version nettype addrtype address";
        }

        sdp.Origin = new SdpOrigin(p[0], p[1], p[2], p[3], p[4], p[5]);
        return null;
    }

    private static string? ParseConnection(string value, out SdpConnection? connection)
    {
        connection = null;
        var p = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (p.Length != 3 || p[0] != "IN" || p[1] is not ("IP4" or "IP6"))
        {
            return "c= must be 'IN IP4|IP6 address'";
        }

        connection = new SdpConnection(p[0], p[1], p[2]);
        return null;
    }

    private static SdpAttribute ParseAttribute(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? new SdpAttribute(value.Trim(), null) : new SdpAttribute(value[..colon].Trim(), value[(colon + 1)..]);
    }

    private static string? ParseMedia(string value, out MediaDescription? media)
    {
        media = null;
        var p = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (p.Length < 4)
        {
            return "m= needs 'media port proto fmt...' with at least one format";
        }

        var portText = p[1];
        int? count = null;
        var slash = portText.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            if (!int.TryParse(portText[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                return $"m= port count '{portText}' is not a number";
            }

            count = n;
            portText = portText[..slash];
        }

        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            return $"m= port '{p[1]}' is not a port number";
        }

        media = new MediaDescription(p[0], port, p[2], p.Skip(3)) { PortCount = count };
        return null;
    }
}
