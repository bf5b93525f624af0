using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Telephony.Sip.Transport;

/// <summary>
/// Finds the local IP address a peer can reach us on, for Via, Contact and SDP when the stack
/// listens on a wildcard address.
/// </summary>
/// <remarks>
/// Connecting a UDP socket sends nothing but makes the kernel pick the route and source address
/// for that destination; the answer is cached per peer address. An explicitly configured
/// advertised address always wins. Thread-safe.
/// </remarks>
public sealed class LocalAddressResolver
{
    private readonly IPAddress? _advertised;
    private readonly ConcurrentDictionary<IPAddress, IPAddress> _cache = new();

    public LocalAddressResolver(IPAddress? advertised) => _advertised = advertised;

    public IPAddress For(IPAddress remote, IPAddress listening)
    {
        if (_advertised is not null)
        {
            return _advertised;
        }

        if (!listening.Equals(IPAddress.Any) && !listening.Equals(IPAddress.IPv6Any))
        {
            return listening;
        }

        return _cache.GetOrAdd(remote, static r =>
        {
            try
            {
                using var probe = new Socket(r.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                probe.Connect(r, 9);
                return ((IPEndPoint)probe.LocalEndPoint!).Address;
            }
            catch (SocketException)
            {
                return IPAddress.IsLoopback(r) ? r : IPAddress.Loopback;
            }
        });
    }
}
