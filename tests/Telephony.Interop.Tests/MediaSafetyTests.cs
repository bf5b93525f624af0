using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Telephony.Interop.Tests;

/// <summary>The running server's media defences: RTP timeout, strict RTP against an injector.</summary>
[NonParallelizable]
public class MediaSafetyTests
{
    [Test]
    public async Task A_caller_that_sends_no_rtp_is_hung_up_with_cause_rtp_timeout()
    {
        await using var server = await ServerProcess.StartAsync("--rtp-timeout", "2", "--digit-timeout", "20000");

        // sipp's built-in uac sends no RTP and would wait 15 s before its BYE.
        var run = await Sipp.RunAsync(server, TimeSpan.FromSeconds(30), "-sn", "uac", "-m", "1", "-d", "15000");
        var cdr = (await server.WaitForCdrsAsync(1))[0];

        Assert.Multiple(() =>
        {
            Assert.That(cdr.GetProperty("cause").GetString(), Is.EqualTo("rtp-timeout"), server.Log);
            Assert.That(cdr.GetProperty("ended_by").GetString(), Is.EqualTo("system"));
            var talk = DateTimeOffset.Parse(cdr.GetProperty("ended_at").GetString()!) - DateTimeOffset.Parse(cdr.GetProperty("answered_at").GetString()!);
            Assert.That(talk, Is.InRange(TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(6)));
            Assert.That(run.Stdout + run.Stderr + server.Log, Does.Not.Contain("Unhandled exception"));
        });
    }

    [Test]
    public async Task Dtmf_injected_from_a_foreign_address_mid_call_is_never_heard()
    {
        await using var server = await ServerProcess.StartAsync("--digit-timeout", "8000");
        var logBefore = server.Log.Length;

        // The caller sends 1 2 3 # by RFC 4733 from sipp's media port; meanwhile an off-path host
        // (127.0.0.2: neither the SDP's nor the caller's signalling address) fires complete '9'
        // events (start, updates, three end packets, consecutive sequence numbers) at the
        // server's RTP port from the moment the call exists, before the caller's first packet.
        var caller = Sipp.RunAsync(server, TimeSpan.FromSeconds(60), "-sf", RepoPaths.SippScenario("uac_dtmf.xml"), "-m", "1");
        var rtpPort = await WaitForRtpPortAsync(server, logBefore);
        using var injector = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        injector.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
        var sent = 0;
        ushort seq = 1000;
        uint timestamp = 160_000;
        while (!caller.IsCompleted && sent < 400)
        {
            timestamp += 1600;
            for (var i = 0; i < 8; i++)
            {
                await injector.SendToAsync(Event(seq++, timestamp, digit: 9, end: i >= 5, duration: (ushort)(160 * (i + 1))), new IPEndPoint(IPAddress.Loopback, rtpPort));
                sent++;
                await Task.Delay(20);
            }
        }

        var run = await caller;
        var cdr = await ServerProcess.CdrForAsync(server, c => c.GetProperty("digits").GetString()!.Length > 0);
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero, run + server.Log);
            Assert.That(sent, Is.GreaterThan(40), "the injector fired during the call");
            Assert.That(cdr.GetProperty("digits").GetString(), Is.EqualTo("123"), "only the caller's digits");
        });
    }

    /// <summary>The RTP port of the call, from the server's per-call log line.</summary>
    private static async Task<int> WaitForRtpPortAsync(ServerProcess server, int logFrom)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            var match = Regex.Match(server.Log[Math.Min(logFrom, server.Log.Length)..], @"rtp port (\d+)");
            if (match.Success)
            {
                return int.Parse(match.Groups[1].Value);
            }

            await Task.Delay(50);
        }

        Assert.Fail("the server did not log the call's RTP port: " + server.Log);
        return 0;
    }

    private static byte[] Event(ushort seq, uint timestamp, byte digit, bool end, ushort duration)
    {
        var packet = new byte[16];
        packet[0] = 0x80;
        packet[1] = 101;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), seq);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 0x0BADF00D);
        packet[12] = digit;
        packet[13] = (byte)((end ? 0x80 : 0) | 10);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(14), duration);
        return packet;
    }
}
