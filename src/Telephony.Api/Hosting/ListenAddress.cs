using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Telephony.Api.Hosting;

/// <summary>Reads the <c>--http ADDR:PORT</c> value: an IPv4 or [IPv6] address or <c>localhost</c>, then a port.</summary>
internal static class ListenAddress
{
    public static void Apply(KestrelServerOptions kestrel, string listen)
    {
        var colon = listen.LastIndexOf(':');
        if (colon > 0 && listen[..colon].Equals("localhost", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(listen[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535)
        {
            kestrel.ListenLocalhost(port);
            return;
        }

        kestrel.Listen(Parse(listen));
    }

    public static IPEndPoint Parse(string listen)
    {
        if (!IPEndPoint.TryParse(listen, out var endpoint) || listen.LastIndexOf(':') < 0 || listen.EndsWith(']'))
        {
            throw new ArgumentException($"--http '{listen}': expected ADDR:PORT, e.g. 127.0.0.1:8080, [::1]:8080 or 0.0.0.0:8080", nameof(listen));
        }

        // IPv6 without brackets (::1:8080) is ambiguous; IPEndPoint reads it as an address without a port.
        if (endpoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && !listen.StartsWith('['))
        {
            throw new ArgumentException($"--http '{listen}': write IPv6 addresses in brackets, e.g. [::1]:8080", nameof(listen));
        }

        return endpoint;
    }
}
