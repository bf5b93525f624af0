using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Telephony.Api.Hosting;

/// <summary>Reads the <c>--http ADDR:PORT</c> value: an IPv4 address, an [IPv6] address or <c>localhost</c>, then a port (0: any free one).</summary>
internal static class ListenAddress
{
    public static void Apply(KestrelServerOptions kestrel, string listen)
    {
        var (endpoint, localhostPort) = Parse(listen);
        if (endpoint is not null)
        {
            kestrel.Listen(endpoint);
        }
        else
        {
            kestrel.ListenLocalhost(localhostPort);
        }
    }

    /// <summary>The endpoint, or (for <c>localhost:PORT</c>) null and the port; throws <see cref="ArgumentException"/> for anything else.</summary>
    public static (IPEndPoint? Endpoint, int LocalhostPort) Parse(string listen)
    {
        var colon = listen.LastIndexOf(':');
        if (colon > 0 && listen[..colon].Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            // Kestrel binds both loopbacks for localhost, so it needs a real port.
            return int.TryParse(listen[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
                ? (null, port)
                : throw Bad(listen);
        }

        if (colon < 0 || listen.EndsWith(']') || !IPEndPoint.TryParse(listen, out var endpoint))
        {
            throw Bad(listen);
        }

        // IPv6 without brackets (::1:8080) is ambiguous; IPEndPoint reads it as an address without a port.
        if (endpoint.AddressFamily == AddressFamily.InterNetworkV6 && !listen.StartsWith('['))
        {
            throw new ArgumentException($"--http '{listen}': write IPv6 addresses in brackets, e.g. [::1]:8080", nameof(listen));
        }

        return (endpoint, 0);
    }

    private static ArgumentException Bad(string listen) =>
        new($"--http '{listen}': expected ADDR:PORT, e.g. 127.0.0.1:8080, [::1]:8080, 0.0.0.0:8080 or localhost:8080", nameof(listen));
}
