using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Telephony.Interop.Tests;

/// <summary>sipp callers against the real server: plain calls, DTMF, hang-ups, hostile input.</summary>
[NonParallelizable]
public class InboundCallTests
{
    private ServerProcess _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await ServerProcess.StartAsync("--digit-timeout", "3000");

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [Test]
    public async Task Plain_sipp_uac_call_completes_and_leaves_a_cdr()
    {
        var run = await Sipp.RunAsync(_server, TimeSpan.FromSeconds(30), "-sn", "uac", "-m", "1", "-d", "500");

        Assert.That(run.ExitCode, Is.Zero, run + _server.Log);
        var cdr = await ServerProcess.CdrForAsync(_server, c => c.GetProperty("cause").GetString() == "BYE" && c.GetProperty("from").GetString()!.Contains("sipp", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(cdr.GetProperty("ended_by").GetString(), Is.EqualTo("caller"));
            Assert.That(cdr.GetProperty("sip_status").GetInt32(), Is.EqualTo(200));
            Assert.That(cdr.GetProperty("answered_at").ValueKind, Is.EqualTo(JsonValueKind.String));
            Assert.That(cdr.GetProperty("codec").GetString(), Is.EqualTo("PCMU"));
            Assert.That(cdr.GetProperty("to").GetString(), Does.StartWith("sip:service@"));
        });
    }

    [Test]
    public async Task Plain_call_over_tcp_completes()
    {
        var before = (await _server.CdrsAsync()).Count;

        var run = await Sipp.RunAsync(_server, TimeSpan.FromSeconds(30), "-sn", "uac", "-t", "t1", "-m", "1");

        Assert.That(run.ExitCode, Is.Zero, run + _server.Log);
        Assert.That((await _server.WaitForCdrsAsync(before + 1)).Count, Is.EqualTo(before + 1));
    }

    [Test]
    public async Task Dtmf_digits_from_sipp_pcaps_are_stored_exactly_in_the_cdr()
    {
        var run = await Sipp.RunAsync(_server, TimeSpan.FromSeconds(60), "-sf", RepoPaths.SippScenario("uac_dtmf.xml"), "-m", "1");

        Assert.That(run.ExitCode, Is.Zero, run + _server.Log);
        var cdr = await ServerProcess.CdrForAsync(_server, c => c.GetProperty("digits").GetString()!.Length > 0);
        Assert.Multiple(() =>
        {
            Assert.That(cdr.GetProperty("digits").GetString(), Is.EqualTo("123"));
            Assert.That(cdr.GetProperty("ended_by").GetString(), Is.EqualTo("server"));
            Assert.That(cdr.GetProperty("cause").GetString(), Is.EqualTo("normal"));
        });
    }

    [Test]
    public async Task A_delayed_offer_is_answered_with_our_offer_and_the_ack_answer_sets_the_codec()
    {
        var before = (await _server.CdrsAsync()).Count;

        var run = await Sipp.RunAsync(_server, TimeSpan.FromSeconds(30), "-sf", RepoPaths.SippScenario("uac_delayed_offer.xml"), "-m", "1");

        Assert.That(run.ExitCode, Is.Zero, "the 200 OK carried our offer of PCMU, PCMA, G722, telephone-event: " + run + _server.Log);
        var cdr = (await _server.WaitForCdrsAsync(before + 1))[0];
        Assert.Multiple(() =>
        {
            Assert.That(cdr.GetProperty("codec").GetString(), Is.EqualTo("PCMA"), "the codec the ACK's answer chose");
            Assert.That(cdr.GetProperty("cause").GetString(), Is.EqualTo("BYE"));
            Assert.That(_server.Log, Does.Contain("delayed offer answered in the ACK: PCMA"));
        });
    }

    [Test]
    public async Task A_g722_only_caller_gets_a_wideband_call()
    {
        var run = await Sipp.RunAsync(_server, TimeSpan.FromSeconds(60), "-sf", RepoPaths.SippScenario("uac_g722.xml"), "-m", "1");

        Assert.That(run.ExitCode, Is.Zero, run + _server.Log);
        var cdr = await ServerProcess.CdrForAsync(_server, c => c.GetProperty("codec").GetString() == "G722");
        Assert.That(cdr.GetProperty("digits").GetString(), Is.EqualTo("123"));
    }

    [Test]
    public async Task Dtmf_by_sip_info_is_collected_like_rfc_4733()
    {
        var run = await Sipp.RunAsync(_server, TimeSpan.FromSeconds(60), "-sf", RepoPaths.SippScenario("uac_info_dtmf.xml"), "-m", "1");

        Assert.That(run.ExitCode, Is.Zero, "every INFO answered 200, then the server's BYE: " + run + _server.Log);
        var cdr = await ServerProcess.CdrForAsync(_server, c => c.GetProperty("digits").GetString() == "456");
        Assert.That(cdr.GetProperty("ended_by").GetString(), Is.EqualTo("server"));
    }

    [Test]
    public async Task Caller_bye_mid_prompt_ends_the_call_cleanly()
    {
        var before = (await _server.CdrsAsync()).Count;

        // The welcome prompt lasts about 5 s; the caller hangs up after 1 s of it.
        var run = await Sipp.RunAsync(_server, TimeSpan.FromSeconds(30), "-sn", "uac", "-m", "1", "-d", "1000");

        Assert.That(run.ExitCode, Is.Zero, run + _server.Log);
        var cdrs = await _server.WaitForCdrsAsync(before + 1);
        var cdr = cdrs[0];
        Assert.Multiple(() =>
        {
            Assert.That(cdr.GetProperty("ended_by").GetString(), Is.EqualTo("caller"));
            Assert.That(cdr.GetProperty("cause").GetString(), Is.EqualTo("BYE"));
            var talk = DateTimeOffset.Parse(cdr.GetProperty("ended_at").GetString()!) - DateTimeOffset.Parse(cdr.GetProperty("answered_at").GetString()!);
            Assert.That(talk, Is.LessThan(TimeSpan.FromSeconds(4)), "ended by the BYE, not by the flow");
        });
    }

    [Test]
    public async Task Hold_and_resume_by_re_invite_are_answered_recvonly_then_sendrecv()
    {
        var run = await Sipp.RunAsync(_server, TimeSpan.FromSeconds(30), "-sf", RepoPaths.SippScenario("uac_hold.xml"), "-m", "1");

        Assert.That(run.ExitCode, Is.Zero, run + _server.Log);
        Assert.That(_server.Log, Does.Contain("on hold").And.Contain("active"));
    }

    [Test]
    public async Task Malformed_datagrams_get_400_or_are_dropped_and_the_server_keeps_serving()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        var invite = $"INVITE sip:x@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{port};branch=z9hG4bKbad1\r\nFrom: <sip:a@b>;tag=1\r\n" +
                     "To: <sip:x@127.0.0.1>\r\nCall-ID: bad-1\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\nContent-Type: application/sdp\r\nContent-Length: 200\r\n\r\nv=0\r\n";
        var noCseq = invite.Replace("CSeq: 1 INVITE\r\n", string.Empty, StringComparison.Ordinal).Replace("Content-Length: 200", "Content-Length: 5", StringComparison.Ordinal);
        var random = new Random(42);
        var garbage = Enumerable.Range(0, 50).Select(_ =>
        {
            var b = new byte[random.Next(1, 1400)];
            random.NextBytes(b);
            return b;
        });

        foreach (var datagram in garbage.Append(Encoding.ASCII.GetBytes(invite[..40])))
        {
            await socket.SendToAsync(datagram, _server.SipEndPoint);
        }

        await socket.SendToAsync(Encoding.ASCII.GetBytes(invite), _server.SipEndPoint);
        var truncatedAnswer = await ServerProcess.ReceiveStatusLineAsync(socket, TimeSpan.FromSeconds(3));
        await socket.SendToAsync(Encoding.ASCII.GetBytes(noCseq), _server.SipEndPoint);
        var missingAnswer = await ServerProcess.ReceiveStatusLineAsync(socket, TimeSpan.FromSeconds(3));

        Assert.Multiple(async () =>
        {
            Assert.That(truncatedAnswer, Does.StartWith("SIP/2.0 400"));
            Assert.That(missingAnswer, Does.StartWith("SIP/2.0 400"));
            Assert.That(_server.HasExited, Is.False);
            Assert.That(await _server.PingAsync(TimeSpan.FromSeconds(3)), Is.EqualTo("SIP/2.0 200 OK"));
        });
    }
}
