using System.Net;
using System.Net.Sockets;
using Telephony.Calls.Tests;
using Telephony.Sip.Messages;

namespace Telephony.Interop.Tests;

/// <summary>Mutated torture messages thrown at the running server over UDP and TCP; it must keep answering OPTIONS.</summary>
[NonParallelizable]
public class ServerFuzzTests
{
    /// <summary>
    /// INVITEs are left out on purpose: an accepted one would send RTP to the corpus's
    /// 192.0.2.x addresses, and tests send nothing beyond loopback. The in-process fuzz test
    /// covers INVITEs with a transport that records instead of sending.
    /// </summary>
    private static IEnumerable<byte[]> NonInviteMutations(int seed, int count)
    {
        var mutator = new CorpusMutator(seed);
        var produced = 0;
        while (produced < count)
        {
            var datagram = mutator.Next();
            if (SipParser.Parse(datagram, isStream: false).Message is SipRequest { Method: "INVITE" })
            {
                continue;
            }

            produced++;
            yield return datagram;
        }
    }

    [Test]
    public async Task Server_keeps_answering_options_through_a_thousand_mutated_datagrams()
    {
        await using var server = await ServerProcess.StartAsync("--quiet");
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        var sent = 0;
        foreach (var datagram in NonInviteMutations(seed: 9, count: 1000))
        {
            await socket.SendToAsync(datagram, server.SipEndPoint);
            if (++sent % 100 == 0)
            {
                Assert.That(await server.PingAsync(TimeSpan.FromSeconds(5)), Is.EqualTo("SIP/2.0 200 OK"), $"after {sent} datagrams\n{server.Log}");
            }
        }

        Assert.That(server.HasExited, Is.False);
    }

    [Test]
    public async Task Server_survives_mutated_messages_on_tcp_connections()
    {
        await using var server = await ServerProcess.StartAsync("--quiet");
        var sent = 0;
        foreach (var message in NonInviteMutations(seed: 10, count: 200))
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, server.SipPort);
            var stream = client.GetStream();
            await stream.WriteAsync(message);
            if (++sent % 50 == 0)
            {
                Assert.That(await server.PingAsync(TimeSpan.FromSeconds(5)), Is.EqualTo("SIP/2.0 200 OK"), $"after {sent} connections\n{server.Log}");
            }
        }

        Assert.That(server.HasExited, Is.False);
    }
}
