using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Telephony.Sip;
using Telephony.Sip.Dialogs;
using Telephony.Sip.Transport;

namespace Telephony.Interop.Tests;

/// <summary>The stack's UAC over TCP and TLS, following 3xx redirects and pre-loading an outbound proxy's Route, against real peers.</summary>
[NonParallelizable]
public class UacTransportTests
{
    private static byte[] Offer(int port) => Encoding.ASCII.GetBytes(
        $"v=0\r\no=telephony 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio {port} RTP/AVP 0 8 101\r\n" +
        "a=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=sendrecv\r\n");

    private static SipStack NewStack(X509Certificate2Collection? roots = null)
    {
        var stack = new SipStack(new SipStackOptions { BindAddress = IPAddress.Loopback, Port = FreePorts.Sip(), TlsTrustedRoots = roots });
        stack.Start();
        return stack;
    }

    private static OutgoingCallOptions CallTo(int port, SipTransportKind transport = SipTransportKind.Udp, string user = "callee") => new()
    {
        RequestUri = $"sip:{user}@127.0.0.1:{port}" + (transport == SipTransportKind.Udp ? string.Empty : ";transport=" + transport.ToString().ToLowerInvariant()),
        From = "sip:ivr@127.0.0.1",
        To = $"sip:{user}@127.0.0.1",
        Destination = new IPEndPoint(IPAddress.Loopback, port),
        Transport = transport,
        Sdp = Offer(FreePorts.UdpBlock(2)),
    };

    private static Task<ProcessRunner.Result> Sipp(string folder, params string[] args) =>
        ProcessRunner.RunAsync(ProcessRunner.Require("sipp", "sip-tester"),
            [.. args, "-i", "127.0.0.1", "-mi", "127.0.0.1", "-mp", FreePorts.UdpBlock(6).ToString(), "-m", "1", "-nostdin",
             "-trace_msg", "-message_file", Path.Combine(folder, "messages.log"), "-timeout", "20s", "-timeout_error"],
            TimeSpan.FromSeconds(40), folder);

    [Test]
    public async Task An_invite_over_tcp_is_answered_by_sipp_and_hung_up()
    {
        using var stack = NewStack();
        var port = FreePorts.Sip();
        var folder = Directory.CreateTempSubdirectory("uac-tcp-").FullName;
        var sipp = Sipp(folder, "-sn", "uas", "-t", "t1", "-p", port.ToString());
        await Task.Delay(500);

        var result = await stack.InviteAsync(CallTo(port, SipTransportKind.Tcp));
        Assert.That(result.Answered, Is.True, $"{result.Status} {result.Reason}");
        var bye = await result.Dialog!.HangupAsync();
        var run = await sipp;
        var log = await File.ReadAllTextAsync(Path.Combine(folder, "messages.log"));

        Assert.Multiple(() =>
        {
            Assert.That(bye, Is.EqualTo(200));
            Assert.That(run.ExitCode, Is.Zero, run.ToString());
            Assert.That(log, Does.Contain("Via: SIP/2.0/TCP 127.0.0.1:" + stack.TcpEndPoint!.Port));
            Assert.That(log, Does.Contain($";transport=tcp>"), "the Contact asks for TCP");
        });
    }

    [Test]
    public async Task A_refused_tcp_connection_is_a_503_at_once()
    {
        using var stack = NewStack();
        var closed = FreePorts.Sip();

        var started = DateTime.UtcNow;
        var result = await stack.InviteAsync(CallTo(closed, SipTransportKind.Tcp));

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(503));
            Assert.That(result.Reason, Does.Contain("ConnectionRefused"));
            Assert.That(DateTime.UtcNow - started, Is.LessThan(TimeSpan.FromSeconds(5)), "no waiting for Timer B");
        });
    }

    [Test]
    public async Task An_invite_over_tls_reaches_the_server_when_its_certificate_is_trusted()
    {
        var (certPath, keyPath) = TestCertificates.SelfSigned();
        var tlsPort = FreePorts.Sip();
        await using var server = await ServerProcess.StartAsync("--tls-cert", certPath, "--tls-key", keyPath, "--tls-port", tlsPort.ToString());
        using var stack = NewStack([TestCertificates.Load(certPath)]);

        var result = await stack.InviteAsync(CallTo(tlsPort, SipTransportKind.Tls, "service"));
        Assert.That(result.Answered, Is.True, $"{result.Status} {result.Reason}\n{server.Log}");
        await Task.Delay(300);
        var bye = await result.Dialog!.HangupAsync();

        var cdr = await ServerProcess.CdrForAsync(server, c => c.GetProperty("cause").GetString() == "BYE");
        Assert.Multiple(() =>
        {
            Assert.That(bye, Is.EqualTo(200));
            Assert.That(result.Dialog.Source.Sender.Kind, Is.EqualTo(SipTransportKind.Tls));
            Assert.That(cdr.GetProperty("ended_by").GetString(), Is.EqualTo("caller"));
        });
    }

    [Test]
    public async Task Tls_to_an_untrusted_certificate_is_refused_before_any_sip_is_sent()
    {
        var (certPath, keyPath) = TestCertificates.SelfSigned();
        var tlsPort = FreePorts.Sip();
        await using var server = await ServerProcess.StartAsync("--tls-cert", certPath, "--tls-key", keyPath, "--tls-port", tlsPort.ToString());
        using var stack = NewStack();

        var result = await stack.InviteAsync(CallTo(tlsPort, SipTransportKind.Tls, "service"));

        Assert.Multiple(async () =>
        {
            Assert.That(result.Status, Is.EqualTo(503));
            Assert.That(result.Reason, Does.Contain("TLS"));
            Assert.That(await server.CdrsAsync(), Is.Empty, "the INVITE never reached the server");
        });
    }

    [Test]
    public async Task A_302_is_followed_to_its_preferred_contact()
    {
        using var stack = NewStack();
        var redirector = FreePorts.Sip();
        var target = FreePorts.Sip();
        var folder = Directory.CreateTempSubdirectory("uac-302-").FullName;
        var targetFolder = Directory.CreateTempSubdirectory("uac-302-target-").FullName;
        var redirect = Sipp(folder, "-sf", RepoPaths.SippScenario("uas_302_redirect.xml"), "-p", redirector.ToString(), "-key", "target", $"127.0.0.1:{target}");
        var callee = Sipp(targetFolder, "-sn", "uas", "-p", target.ToString());
        await Task.Delay(500);

        var result = await stack.InviteAsync(CallTo(redirector));
        Assert.That(result.Answered, Is.True, $"{result.Status} {result.Reason}");
        var bye = await result.Dialog!.HangupAsync();
        var (redirectRun, calleeRun) = (await redirect, await callee);
        var calleeLog = await File.ReadAllTextAsync(Path.Combine(targetFolder, "messages.log"));

        Assert.Multiple(() =>
        {
            Assert.That(bye, Is.EqualTo(200));
            Assert.That(redirectRun.ExitCode, Is.Zero, "the 302 was ACKed: " + redirectRun);
            Assert.That(calleeRun.ExitCode, Is.Zero, calleeRun.ToString());
            Assert.That(calleeLog, Does.Contain($"INVITE sip:moved@127.0.0.1:{target} SIP/2.0"), "the new Request-URI is the Contact");
            Assert.That(calleeLog, Does.Contain("To: <sip:callee@127.0.0.1>"), "the To stays the original callee");
        });
    }

    [Test]
    public async Task A_redirect_loop_ends_with_the_3xx()
    {
        using var stack = NewStack();
        var redirector = FreePorts.Sip();
        var folder = Directory.CreateTempSubdirectory("uac-302-loop-").FullName;
        // The redirector sends the caller back to itself (already visited); its second Contact
        // (TCP port 9) refuses the connection, and then nothing is left to try.
        var options = CallTo(redirector);
        var redirect = Sipp(folder, "-sf", RepoPaths.SippScenario("uas_302_redirect.xml"), "-p", redirector.ToString(), "-key", "target", $"127.0.0.1:{redirector}");
        await Task.Delay(500);

        var started = DateTime.UtcNow;
        var result = await stack.InviteAsync(options with { RequestUri = $"sip:moved@127.0.0.1:{redirector}" });
        var run = await redirect;

        Assert.Multiple(() =>
        {
            Assert.That(result.Answered, Is.False);
            Assert.That(result.Status, Is.EqualTo(503), $"{result.Status} {result.Reason}");
            Assert.That(result.Reason, Does.Contain("127.0.0.1:9"));
            Assert.That(run.ExitCode, Is.Zero, "one INVITE, one 302, one ACK: the visited target was not called again " + run);
            Assert.That(DateTime.UtcNow - started, Is.LessThan(TimeSpan.FromSeconds(10)));
        });
    }

    [Test]
    public async Task An_outbound_proxy_is_preloaded_as_a_loose_route()
    {
        using var stack = NewStack();
        var proxy = FreePorts.Sip();
        var folder = Directory.CreateTempSubdirectory("uac-proxy-").FullName;
        var sipp = Sipp(folder, "-sf", RepoPaths.SippScenario("uas_expect_route.xml"), "-p", proxy.ToString());
        await Task.Delay(500);

        var result = await stack.InviteAsync(CallTo(proxy) with
        {
            RequestUri = "sip:+15551234567@carrier.invalid",
            OutboundProxy = $"sip:127.0.0.1:{proxy};lr",
        });
        Assert.That(result.Answered, Is.True, $"{result.Status} {result.Reason}");
        await result.Dialog!.HangupAsync();
        var run = await sipp;
        var log = await File.ReadAllTextAsync(Path.Combine(folder, "messages.log"));

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero, run.ToString());
            Assert.That(log, Does.Contain("INVITE sip:+15551234567@carrier.invalid SIP/2.0"), "the Request-URI stays the callee's");
            Assert.That(log, Does.Contain($"Route: <sip:127.0.0.1:{proxy};lr>"));
        });
    }

    [Test]
    public async Task Credentials_are_not_given_to_a_party_a_redirect_points_to()
    {
        using var stack = NewStack();
        var redirector = FreePorts.Sip();
        var elsewhere = FreePorts.Sip();
        var folder = Directory.CreateTempSubdirectory("uac-302-auth-").FullName;
        var challengerFolder = Directory.CreateTempSubdirectory("uac-302-challenger-").FullName;
        var redirect = Sipp(folder, "-sf", RepoPaths.SippScenario("uas_302_redirect.xml"), "-p", redirector.ToString(), "-key", "target", $"127.0.0.2:{elsewhere}");
        // Another host (127.0.0.2) that claims the trunk's realm and challenges.
        var challenger = ProcessRunner.RunAsync(ProcessRunner.Require("sipp", "sip-tester"),
            ["-sf", RepoPaths.SippScenario("uas_401_auth.xml"), "-p", elsewhere.ToString(), "-i", "127.0.0.2", "-m", "1", "-nostdin",
             "-trace_msg", "-message_file", Path.Combine(challengerFolder, "messages.log"), "-timeout", "5s", "-timeout_error"],
            TimeSpan.FromSeconds(30), challengerFolder);
        await Task.Delay(500);

        var result = await stack.InviteAsync(CallTo(redirector) with { Credentials = new SipCredentials("trunkuser", "trunkpass", "trunk.example") });
        await Task.WhenAll(redirect, challenger);
        var log = await File.ReadAllTextAsync(Path.Combine(challengerFolder, "messages.log"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(401), $"{result.Status} {result.Reason}");
            Assert.That(log, Does.Contain("INVITE sip:moved@127.0.0.2:"), "the redirect was followed");
            Assert.That(log, Does.Not.Contain("Authorization:"), "no digest answer went to the other host");
        });
    }

    [Test]
    public async Task A_call_fails_over_to_the_next_address_of_a_trunk()
    {
        using var stack = NewStack();
        var dead = FreePorts.Sip();
        var live = FreePorts.Sip();
        var folder = Directory.CreateTempSubdirectory("uac-failover-").FullName;
        var sipp = Sipp(folder, "-sn", "uas", "-p", live.ToString());
        await Task.Delay(500);
        SipHop[] hops = [new(new IPEndPoint(IPAddress.Loopback, dead), SipTransportKind.Tcp), new(new IPEndPoint(IPAddress.Loopback, live), SipTransportKind.Udp)];

        var result = await stack.InviteAnyAsync(CallTo(dead), hops);
        Assert.That(result.Answered, Is.True, $"{result.Status} {result.Reason}");
        await result.Dialog!.HangupAsync();
        var run = await sipp;

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
    }
}
