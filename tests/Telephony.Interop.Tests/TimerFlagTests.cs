using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Telephony.Interop.Tests;

/// <summary><c>--sip-t1/t2/t4</c>: the RFC 3261 base timers are the operator's to set.</summary>
[NonParallelizable]
public class TimerFlagTests
{
    /// <summary>Sends an INVITE and never ACKs; counts the 200 OKs that arrive within <paramref name="window"/>.</summary>
    private static async Task<int> CountUnackedOks(ServerProcess server, TimeSpan window)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        var sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
        var invite = $"INVITE sip:ivr@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{port};branch=z9hG4bK{Guid.NewGuid():N}\r\nFrom: <sip:a@127.0.0.1>;tag=t1\r\n" +
                     $"To: <sip:ivr@127.0.0.1>\r\nCall-ID: {Guid.NewGuid():N}\r\nCSeq: 1 INVITE\r\nContact: <sip:a@127.0.0.1:{port}>\r\nMax-Forwards: 70\r\n" +
                     $"Content-Type: application/sdp\r\nContent-Length: {sdp.Length}\r\n\r\n{sdp}";
        await socket.SendToAsync(Encoding.ASCII.GetBytes(invite), server.SipEndPoint);
        var oks = 0;
        var buffer = new byte[4096];
        using var cts = new CancellationTokenSource(window);
        try
        {
            while (true)
            {
                var n = await socket.ReceiveAsync(buffer, cts.Token);
                if (Encoding.ASCII.GetString(buffer, 0, n).StartsWith("SIP/2.0 200", StringComparison.Ordinal))
                {
                    oks++;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return oks;
        }
    }

    [Test]
    public async Task A_short_t1_retransmits_an_unacknowledged_200_sooner()
    {
        await using var fast = await ServerProcess.StartAsync("--sip-t1", "50");
        await using var standard = await ServerProcess.StartAsync();

        var (fastOks, standardOks) = (await CountUnackedOks(fast, TimeSpan.FromMilliseconds(1200)), await CountUnackedOks(standard, TimeSpan.FromMilliseconds(1200)));

        Assert.Multiple(() =>
        {
            // T1 = 50 ms: sent at 0, then 50, 150, 350, 750 ms. T1 = 500 ms: 0, 500 ms.
            Assert.That(fastOks, Is.GreaterThanOrEqualTo(4));
            Assert.That(standardOks, Is.InRange(1, 3));
        });
    }

    [Test]
    public async Task T2_below_t1_is_a_usage_error()
    {
        var result = await ProcessRunner.RunAsync("dotnet", [RepoPaths.TelephonyDll, "serve", "--sip-t1", "1000", "--sip-t2", "500"], TimeSpan.FromSeconds(30));

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Stderr, Does.Contain("--sip-t2 (500 ms) must not be below --sip-t1 (1000 ms)"));
        });
    }
}
