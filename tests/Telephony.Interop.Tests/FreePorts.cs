using System.Net;
using System.Net.Sockets;

namespace Telephony.Interop.Tests;

/// <summary>Ports that are free on loopback for both UDP and TCP, handed out once per test run.</summary>
internal static class FreePorts
{
    private static int _next = 20000 + (Environment.ProcessId % 500) * 40;

    /// <summary>A port free for UDP and TCP (SIP listens on both).</summary>
    public static int Sip()
    {
        while (true)
        {
            var port = Wrap(Interlocked.Add(ref _next, 2) - 2, 1);
            if (IsFree(port, SocketType.Dgram, ProtocolType.Udp) && IsFree(port, SocketType.Stream, ProtocolType.Tcp))
            {
                return port;
            }
        }
    }

    /// <summary>The first port of a free block of <paramref name="count"/> UDP ports (RTP ranges, sipp media).</summary>
    public static int UdpBlock(int count)
    {
        while (true)
        {
            var start = Wrap(Interlocked.Add(ref _next, count + 2) - (count + 2), count);
            if (start % 2 == 1)
            {
                start++;
            }

            if (Enumerable.Range(start, count).All(p => IsFree(p, SocketType.Dgram, ProtocolType.Udp)))
            {
                return start;
            }
        }
    }

    /// <summary>
    /// Keeps a run of <paramref name="count"/> ports inside 20000-60999: a long suite hands out more
    /// ports than fit above a high starting point (each server takes a 400-port RTP block), and the
    /// counter must come round again (ports are still checked free) rather than run past 65535.
    /// </summary>
    private static int Wrap(int port, int count)
    {
        const int First = 20000, Span = 41000;
        var p = First + ((port - First) % (Span - count));
        return p;
    }

    private static bool IsFree(int port, SocketType type, ProtocolType protocol)
    {
        try
        {
            using var s = new Socket(AddressFamily.InterNetwork, type, protocol);
            s.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
