using System.Net;
using System.Net.Sockets;

namespace Telephony.Sip.Transport;

/// <summary>
/// Turns a received <see cref="SocketAddress"/> into an <see cref="IPEndPoint"/>, reusing the
/// previous one while datagrams keep coming from the same peer (a trunk or proxy sends nearly all
/// traffic from one address), so a busy receive loop does not allocate an endpoint per datagram.
/// </summary>
/// <remarks>One per receive thread; not thread-safe. IPv4-mapped IPv6 sources come out as IPv4.</remarks>
internal sealed class SourceEndPointCache
{
    private readonly IPEndPoint _template;
    private readonly byte[] _last = new byte[SocketAddress.GetMaximumAddressSize(AddressFamily.InterNetworkV6)];
    private int _lastSize = -1;
    private IPEndPoint? _lastEndPoint;

    public SourceEndPointCache(AddressFamily family) =>
        _template = new IPEndPoint(family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);

    /// <returns>The endpoint; null when the address is not an IP address of this socket's family.</returns>
    public IPEndPoint? Get(SocketAddress address)
    {
        if (address.Family != _template.AddressFamily)
        {
            return null;
        }

        var bytes = address.Buffer.Span[..address.Size];
        if (_lastEndPoint is not null && bytes.SequenceEqual(_last.AsSpan(0, _lastSize)))
        {
            return _lastEndPoint;
        }

        var ep = (IPEndPoint)_template.Create(address);
        if (ep.Address.IsIPv4MappedToIPv6)
        {
            ep = new IPEndPoint(ep.Address.MapToIPv4(), ep.Port);
        }

        bytes.CopyTo(_last);
        _lastSize = bytes.Length;
        _lastEndPoint = ep;
        return ep;
    }
}
