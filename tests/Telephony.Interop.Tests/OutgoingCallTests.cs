using System.Net;
using System.Text;
using Telephony.Sip;
using Telephony.Sip.Auth;
using Telephony.Sip.Dialogs;
using Telephony.Sip.Registration;

namespace Telephony.Interop.Tests;

/// <summary>The SIP stack as a UAC against real peers: sipp trunks that challenge, a registered baresip that auto-answers.</summary>
[NonParallelizable]
public class OutgoingCallTests
{
    private static byte[] Offer(int port) => Encoding.ASCII.GetBytes(
        $"v=0\r\no=telephony 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio {port} RTP/AVP 0 8 101\r\n" +
        "a=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=ptime:20\r\na=sendrecv\r\n");

    private static SipStack NewStack(RegistrarOptions? registrar = null)
    {
        var stack = new SipStack(new SipStackOptions { BindAddress = IPAddress.Loopback, Port = FreePorts.Sip(), Registrar = registrar });
        stack.Start();
        return stack;
    }

    private static Task<ProcessRunner.Result> StartSippUas(string scenario, int port, string traceFolder, int timeoutSeconds = 30) =>
        ProcessRunner.RunAsync(ProcessRunner.Require("sipp", "sip-tester"),
            ["-sf", RepoPaths.SippScenario(scenario), "-p", port.ToString(), "-i", "127.0.0.1", "-mi", "127.0.0.1", "-mp", FreePorts.UdpBlock(6).ToString(),
             "-m", "1", "-nostdin", "-trace_msg", "-message_file", Path.Combine(traceFolder, "messages.log"), "-timeout", $"{timeoutSeconds}s", "-timeout_error"],
            TimeSpan.FromSeconds(45), traceFolder);

    private static OutgoingCallOptions TrunkCall(int port, SipCredentials credentials) => new()
    {
        RequestUri = $"sip:+15551234567@127.0.0.1:{port}",
        From = "sip:ivr@127.0.0.1",
        To = "sip:+15551234567@127.0.0.1",
        Destination = new IPEndPoint(IPAddress.Loopback, port),
        Sdp = Offer(FreePorts.UdpBlock(2)),
        Credentials = credentials,
    };

    [Test]
    public async Task A_401_challenge_is_answered_with_credentials_sipp_verifies()
    {
        using var stack = NewStack();
        var port = FreePorts.Sip();
        var trace = Directory.CreateTempSubdirectory("sipp-401-").FullName;
        var sipp = StartSippUas("uas_401_auth.xml", port, trace);
        await Task.Delay(500);

        var result = await stack.InviteAsync(TrunkCall(port, new SipCredentials("trunkuser", "trunkpass", "trunk.example")));
        Assert.That(result.Answered, Is.True, $"{result.Status} {result.Reason}");
        var bye = await result.Dialog!.HangupAsync();
        var run = await sipp;

        Assert.Multiple(() =>
        {
            Assert.That(bye, Is.EqualTo(200));
            Assert.That(run.ExitCode, Is.Zero, run.ToString());
        });
    }

    [Test]
    public async Task A_407_challenge_is_answered_with_a_correct_proxy_authorization()
    {
        using var stack = NewStack();
        var port = FreePorts.Sip();
        var trace = Directory.CreateTempSubdirectory("sipp-407-").FullName;
        var sipp = StartSippUas("uas_407_auth.xml", port, trace);
        await Task.Delay(500);

        var result = await stack.InviteAsync(TrunkCall(port, new SipCredentials("trunkuser", "trunkpass", "trunk.example")));
        Assert.That(result.Answered, Is.True, $"{result.Status} {result.Reason}");
        await result.Dialog!.HangupAsync();
        var run = await sipp;
        Assert.That(run.ExitCode, Is.Zero, run.ToString());

        // The retried INVITE as sipp received it; its digest is recomputed here (checked against RFC 2617/7616 vectors in DigestTests).
        var log = await File.ReadAllTextAsync(Path.Combine(trace, "messages.log"));
        var header = log.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("Proxy-Authorization:", StringComparison.Ordinal));
        Assert.That(DigestParameters.TryParse(header["Proxy-Authorization:".Length..].Trim(), out var p), Is.True);
        var ha1 = DigestAlgorithm.Ha1("MD5", "trunkuser", "trunk.example", "trunkpass");
        Assert.Multiple(() =>
        {
            Assert.That(p["username"], Is.EqualTo("trunkuser"));
            Assert.That(p["realm"], Is.EqualTo("trunk.example"));
            Assert.That(p["uri"], Is.EqualTo($"sip:+15551234567@127.0.0.1:{port}"));
            Assert.That(p["response"], Is.EqualTo(DigestAlgorithm.Response("MD5", ha1, p["nonce"]!, "INVITE", p["uri"]!, p["qop"], p["nc"], p["cnonce"])));
        });
    }

    [Test]
    public async Task Credentials_are_never_given_to_a_realm_they_are_not_for()
    {
        using var stack = NewStack();
        var port = FreePorts.Sip();
        var trace = Directory.CreateTempSubdirectory("sipp-realm-").FullName;
        var sipp = StartSippUas("uas_401_auth.xml", port, trace, timeoutSeconds: 3);
        await Task.Delay(500);

        var result = await stack.InviteAsync(TrunkCall(port, new SipCredentials("trunkuser", "trunkpass", "my-real-trunk.example")));
        await sipp;

        Assert.Multiple(async () =>
        {
            Assert.That(result.Status, Is.EqualTo(401));
            Assert.That(await File.ReadAllTextAsync(Path.Combine(trace, "messages.log")), Does.Not.Contain("Authorization:"));
        });
    }

    [Test]
    public async Task A_registered_baresip_is_called_and_auto_answers()
    {
        var registrar = new RegistrarOptions("telephony", new Dictionary<string, string> { ["bob"] = "builder" }) { Algorithms = ["MD5"] };
        using var stack = NewStack(registrar);
        using var phone = Baresip.Create($"<sip:bob@127.0.0.1:{stack.UdpEndPoint!.Port}>;auth_pass=builder;regint=60", autoAnswer: true);
        var running = phone.RunAsync(10);

        var deadline = DateTime.UtcNow.AddSeconds(8);
        while (stack.Registrar!.Lookup("bob").Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var binding = stack.Registrar.Lookup("bob").Single();
        var result = await stack.InviteAsync(new OutgoingCallOptions
        {
            RequestUri = binding.Contact,
            From = "sip:ivr@127.0.0.1",
            To = $"sip:bob@127.0.0.1",
            Destination = binding.Source,
            Sdp = Offer(FreePorts.UdpBlock(2)),
        });
        Assert.That(result.Answered, Is.True, $"{result.Status} {result.Reason}");
        await Task.Delay(1000);
        var bye = await result.Dialog!.HangupAsync();
        var run = await running;

        Assert.Multiple(() =>
        {
            Assert.That(result.Response!.Body.Length, Is.GreaterThan(0), "baresip answered with SDP");
            Assert.That(bye, Is.EqualTo(200));
            Assert.That(run.Stdout + run.Stderr, Does.Contain("Call established"));
        });
    }
}
