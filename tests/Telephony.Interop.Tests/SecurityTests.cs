using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Telephony.Interop.Tests;

/// <summary>The running server against scanners and floods (loopback made untrusted for the test).</summary>
[NonParallelizable]
public class SecurityTests
{
    private static string Options(int port, string branch, string? userAgent = null) =>
        $"OPTIONS sip:x@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{port};branch=z9hG4bK{branch}\r\nFrom: <sip:a@b>;tag=1\r\n" +
        $"To: <sip:x@127.0.0.1>\r\nCall-ID: {branch}\r\nCSeq: 1 OPTIONS\r\n{(userAgent is null ? string.Empty : "User-Agent: " + userAgent + "\r\n")}Content-Length: 0\r\n\r\n";

    [Test]
    public async Task Scanners_get_no_answer_and_a_security_line_while_others_are_served()
    {
        await using var server = await ServerProcess.StartAsync("--quiet");
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)socket.LocalEndPoint!).Port;

        await socket.SendToAsync(Encoding.ASCII.GetBytes(Options(port, "scan1", "friendly-scanner")), server.SipEndPoint);
        var scannerAnswer = await ServerProcess.ReceiveStatusLineAsync(socket, TimeSpan.FromSeconds(2));
        await socket.SendToAsync(Encoding.ASCII.GetBytes(Options(port, "ok1", "Linphone/5.0")), server.SipEndPoint);
        var normalAnswer = await ServerProcess.ReceiveStatusLineAsync(socket, TimeSpan.FromSeconds(3));

        Assert.Multiple(() =>
        {
            Assert.That(scannerAnswer, Is.Null);
            Assert.That(normalAnswer, Is.EqualTo("SIP/2.0 200 OK"));
            Assert.That(server.Log, Does.Contain("SECURITY scanner ip=127.0.0.1 user_agent=\"friendly-scanner\""));
        });
    }

    [Test]
    public async Task A_flooding_source_is_banned_then_served_again_after_the_ban()
    {
        await using var server = await ServerProcess.StartAsync("--quiet", "--trusted", "none", "--rate-limit", "20", "--ban-seconds", "3");
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)socket.LocalEndPoint!).Port;

        // StartAsync's readiness pings already spent a few tokens; 200 requests at once far exceed 20/s + 40.
        for (var i = 0; i < 200; i++)
        {
            await socket.SendToAsync(Encoding.ASCII.GetBytes(Options(port, "flood" + i)), server.SipEndPoint);
        }

        var answered = 0;
        while (await ServerProcess.ReceiveStatusLineAsync(socket, TimeSpan.FromMilliseconds(500)) is not null)
        {
            answered++;
        }

        await socket.SendToAsync(Encoding.ASCII.GetBytes(Options(port, "during-ban")), server.SipEndPoint);
        var duringBan = await ServerProcess.ReceiveStatusLineAsync(socket, TimeSpan.FromSeconds(1));
        await Task.Delay(TimeSpan.FromSeconds(3));
        await socket.SendToAsync(Encoding.ASCII.GetBytes(Options(port, "after-ban")), server.SipEndPoint);
        var afterBan = await ServerProcess.ReceiveStatusLineAsync(socket, TimeSpan.FromSeconds(3));

        Assert.Multiple(() =>
        {
            Assert.That(answered, Is.InRange(20, 70), "about rate + burst answered, the rest dropped");
            Assert.That(duringBan, Is.Null);
            Assert.That(afterBan, Is.EqualTo("SIP/2.0 200 OK"));
            Assert.That(server.Log, Does.Contain("SECURITY ban ip=127.0.0.1 reason=rate-limit limit=20/s burst=40 ban_seconds=3"));
        });
    }

    [Test]
    public async Task Tcp_connections_beyond_the_per_address_limit_are_refused()
    {
        await using var server = await ServerProcess.StartAsync("--quiet", "--trusted", "none");
        var clients = new List<TcpClient>();
        try
        {
            for (var i = 0; i < 70; i++)
            {
                var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, server.SipPort);
                clients.Add(client);
            }

            await Task.Delay(500);
            var closed = 0;
            foreach (var client in clients)
            {
                client.Client.Blocking = false;
                try
                {
                    var buffer = new byte[1];
                    if (client.Client.Poll(0, SelectMode.SelectRead) && client.Client.Receive(buffer) == 0)
                    {
                        closed++;
                    }
                }
                catch (SocketException)
                {
                    closed++;
                }
            }

            Assert.Multiple(() =>
            {
                Assert.That(closed, Is.EqualTo(6), "64 stay open, the rest are closed by the server");
                Assert.That(server.Log, Does.Contain("SECURITY refuse ip=127.0.0.1 reason=too-many-connections"));
            });
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }
}
