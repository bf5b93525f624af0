using System.Net;
using System.Net.Sockets;

namespace Telephony.Calls.Outbound;

/// <summary>Our address as a far end sees it, for the c= line of an offer we send.</summary>
internal static class LocalAddress
{
    /// <summary>The advertised address when configured, else the one the system routes <paramref name="remote"/> from (no packet is sent).</summary>
    public static IPAddress Toward(IPAddress remote, IPAddress? advertised)
    {
        if (advertised is not null)
        {
            return advertised;
        }

        try
        {
            using var probe = new Socket(remote.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            probe.Connect(new IPEndPoint(remote, 9));
            return ((IPEndPoint)probe.LocalEndPoint!).Address;
        }
        catch (SocketException)
        {
            return remote.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
        }
    }
}
