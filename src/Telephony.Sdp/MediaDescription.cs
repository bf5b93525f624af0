using System.Globalization;

namespace Telephony.Sdp;

/// <summary>An m= section with its own c= and a= lines (RFC 8866 §5.14).</summary>
public sealed class MediaDescription
{
    public MediaDescription(string media, int port, string protocol, IEnumerable<string> formats)
    {
        Media = media;
        Port = port;
        Protocol = protocol;
        Formats = [.. formats];
    }

    public string Media { get; set; }

    public int Port { get; set; }

    /// <summary>The "/count" of "port/count", if given.</summary>
    public int? PortCount { get; set; }

    public string Protocol { get; set; }

    public IList<string> Formats { get; }

    public SdpConnection? Connection { get; set; }

    public IList<SdpAttribute> Attributes { get; } = [];

    /// <summary>Lines other than c= and a= (i=, b=, k=), kept in order for round trips.</summary>
    public IList<string> OtherLines { get; } = [];

    /// <summary>Session-level direction, for <see cref="Direction"/> when the section has none.</summary>
    internal MediaDirection SessionDirection { get; set; } = MediaDirection.SendRecv;

    /// <summary>Each payload type's mapping: a=rtpmap where given, else the RFC 3551 static assignment.</summary>
    public IReadOnlyList<RtpMap> RtpMaps
    {
        get
        {
            var maps = new List<RtpMap>();
            foreach (var format in Formats)
            {
                if (!int.TryParse(format, NumberStyles.None, CultureInfo.InvariantCulture, out var pt))
                {
                    continue;
                }

                var map = FindRtpMap(pt) ?? StaticPayloadTypes.Get(pt);
                if (map is not null)
                {
                    maps.Add(map);
                }
            }

            return maps;
        }
    }

    public string? GetFmtp(int payloadType)
    {
        var prefix = payloadType.ToString(CultureInfo.InvariantCulture) + " ";
        return Attributes.FirstOrDefault(a => a.Name == "fmtp" && a.Value?.StartsWith(prefix, StringComparison.Ordinal) == true)?.Value?[prefix.Length..].Trim();
    }

    public int? Ptime =>
        Attributes.FirstOrDefault(a => a.Name == "ptime") is { Value: { } v }
        && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) && p > 0 && p < 1000
            ? (int)Math.Round(p)
            : null;

    public MediaDirection Direction
    {
        get
        {
            foreach (var a in Attributes)
            {
                if (Directions.TryParse(a.Name, out var d))
                {
                    return d;
                }
            }

            return SessionDirection;
        }
    }

    private RtpMap? FindRtpMap(int pt)
    {
        var prefix = pt.ToString(CultureInfo.InvariantCulture) + " ";
        foreach (var a in Attributes)
        {
            if (a.Name != "rtpmap" || a.Value is null || !a.Value.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            // a=rtpmap:<pt> <encoding>/<clock>[/<channels>]
            var parts = a.Value[prefix.Length..].Trim().Split('/');
            if (parts.Length >= 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var clock))
            {
                var channels = parts.Length > 2 && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var ch) ? ch : 1;
                return new RtpMap(pt, parts[0].ToUpperInvariant(), clock, channels);
            }
        }

        return null;
    }
}

/// <summary>The RFC 3551 static audio payload types.</summary>
public static class StaticPayloadTypes
{
    public static RtpMap? Get(int pt) => pt switch
    {
        0 => new RtpMap(0, "PCMU", 8000),
        3 => new RtpMap(3, "GSM", 8000),
        4 => new RtpMap(4, "G723", 8000),
        8 => new RtpMap(8, "PCMA", 8000),
        9 => new RtpMap(9, "G722", 8000),
        13 => new RtpMap(13, "CN", 8000),
        18 => new RtpMap(18, "G729", 8000),
        _ => null,
    };
}

/// <summary>Direction attribute names.</summary>
public static class Directions
{
    public static bool TryParse(string name, out MediaDirection direction)
    {
        (var ok, direction) = name switch
        {
            "sendrecv" => (true, MediaDirection.SendRecv),
            "sendonly" => (true, MediaDirection.SendOnly),
            "recvonly" => (true, MediaDirection.RecvOnly),
            "inactive" => (true, MediaDirection.Inactive),
            _ => (false, MediaDirection.SendRecv),
        };
        return ok;
    }

    public static string Name(MediaDirection d) => d switch
    {
        MediaDirection.SendOnly => "sendonly",
        MediaDirection.RecvOnly => "recvonly",
        MediaDirection.Inactive => "inactive",
        _ => "sendrecv",
    };
}
