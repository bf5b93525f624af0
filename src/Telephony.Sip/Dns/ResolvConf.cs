using System.Net;

namespace Telephony.Sip.Dns;

/// <summary>The name servers of the system resolver's configuration (resolv.conf(5)).</summary>
public static class ResolvConf
{
    public const string DefaultPath = "/etc/resolv.conf";

    private const int DnsPort = 53;

    /// <summary>
    /// The <c>nameserver</c> addresses of the file at <paramref name="path"/>, in order; like glibc,
    /// the local server 127.0.0.1:53 when the file is missing or names none.
    /// </summary>
    public static IReadOnlyList<IPEndPoint> ReadNameServers(string path = DefaultPath)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException)
        {
            text = "";
        }
        catch (UnauthorizedAccessException)
        {
            text = "";
        }

        var servers = ParseNameServers(text);
        return servers.Count > 0 ? servers : [new IPEndPoint(IPAddress.Loopback, DnsPort)];
    }

    /// <summary>The <c>nameserver</c> addresses in <paramref name="text"/>; lines that are not addresses are ignored.</summary>
    public static IReadOnlyList<IPEndPoint> ParseNameServers(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var servers = new List<IPEndPoint>();
        foreach (var line in text.Split('\n'))
        {
            var fields = line.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2 && fields[0] == "nameserver" && IPAddress.TryParse(fields[1], out var address))
            {
                servers.Add(new IPEndPoint(address, DnsPort));
            }
        }

        return servers;
    }
}
