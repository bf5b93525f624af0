using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Telephony.Interop.Tests;

/// <summary>
/// Issue 15, item 1: a half-open INVITE flood below the rate limit (INVITEs never ACKed, from
/// one address) must not take the RTP pool and call slots a caller from another address needs.
/// The server's RTP range here holds about 200 sockets; the flood sends 250 INVITEs at ~100/s.
/// </summary>
[NonParallelizable]
public class HalfOpenFloodTests
{
    [Test]
    public async Task A_caller_from_another_address_gets_through_a_half_open_flood_and_the_flooder_is_banned()
    {
        // Loopback is trusted by default; here it must face the limits like the internet does.
        await using var server = await ServerProcess.StartAsync("--trusted", "none", "--sip-t1", "100", "--max-unconfirmed-per-source", "20");
        using var flooder = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        flooder.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var okCallIds = new HashSet<string>();
        var refused = 0;
        using var stopReading = new CancellationTokenSource();
        var reader = Task.Run(async () =>
        {
            var buffer = new byte[4096];
            while (!stopReading.IsCancellationRequested)
            {
                try
                {
                    var n = await flooder.ReceiveAsync(buffer, SocketFlags.None, stopReading.Token);
                    var text = Encoding.ASCII.GetString(buffer, 0, n);
                    var callId = text.Split("\r\n").FirstOrDefault(l => l.StartsWith("Call-ID:", StringComparison.OrdinalIgnoreCase))?[8..].Trim() ?? string.Empty;
                    if (text.StartsWith("SIP/2.0 200", StringComparison.Ordinal))
                    {
                        okCallIds.Add(callId);
                    }
                    else if (text.StartsWith("SIP/2.0 503", StringComparison.Ordinal))
                    {
                        Interlocked.Increment(ref refused);
                    }
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        });

        var port = ((IPEndPoint)flooder.LocalEndPoint!).Port;
        for (var i = 0; i < 250; i++)
        {
            await flooder.SendToAsync(Encoding.ASCII.GetBytes(Invite(i, port, server.SipPort)), server.SipEndPoint);
            await Task.Delay(10);
        }

        // The legitimate caller, from 127.0.0.2, while the flood's calls still wait for their ACKs.
        var caller = await Sipp.RunAsync(server, TimeSpan.FromSeconds(60), "-sn", "uac", "-m", "10", "-l", "5", "-d", "300", "-i", "127.0.0.2", "-mi", "127.0.0.2");

        // The flood's admitted calls time out without an ACK (64·T1 = 6.4 s): three strikes ban the address.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!server.Log.Contains("SECURITY ban ip=127.0.0.1 reason=no-ack", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        await stopReading.CancelAsync();
        await reader;
        Assert.Multiple(() =>
        {
            Assert.That(caller.ExitCode, Is.Zero, "every call from the other address succeeded\n" + caller + server.Log[^Math.Min(server.Log.Length, 4000)..]);
            Assert.That(okCallIds, Has.Count.LessThanOrEqualTo(20), "the flooder got at most its unconfirmed limit answered");
            Assert.That(refused, Is.GreaterThanOrEqualTo(200), "the rest were refused at once");
            Assert.That(server.Log, Does.Contain("refused 503: source-unconfirmed (from 127.0.0.1)"));
            Assert.That(server.Log, Does.Contain("SECURITY ban ip=127.0.0.1 reason=no-ack strikes=3"), "repeat offenders are banned");
            Assert.That(server.Log, Does.Not.Contain("no-rtp-port"));
        });
    }

    private static string Invite(int i, int port, int serverPort)
    {
        var sdp = $"v=0\r\no=- {i} 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio {30000 + (2 * i)} RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
        return $"INVITE sip:flood@127.0.0.1:{serverPort} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{port};branch=z9hG4bKflood{i}\r\n" +
               $"From: <sip:flooder@127.0.0.1>;tag=f{i}\r\nTo: <sip:flood@127.0.0.1>\r\nCall-ID: flood-{i}@127.0.0.1\r\nCSeq: 1 INVITE\r\n" +
               $"Contact: <sip:flooder@127.0.0.1:{port}>\r\nMax-Forwards: 70\r\nContent-Type: application/sdp\r\nContent-Length: {sdp.Length}\r\n\r\n{sdp}";
    }
}
