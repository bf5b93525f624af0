using System.Text.Json;

namespace Telephony.Interop.Tests;

/// <summary>
/// <c>telephony call</c> against a real server and real sipp peers: an outbound leg placed through
/// the HTTP API, directly to a SIP URI and through a trunk of <c>--trunks</c>, running the named
/// flow once answered (its prompt reaches the peer), and the failures a dialler must tell apart.
/// </summary>
public class CallCommandTests
{
    private const string Admin = "admin-token-for-calls-0123456789";

    private static async Task<ServerProcess> ServeAsync(string folder, params string[] extraArgs)
    {
        var tokens = Path.Combine(folder, "tokens.txt");
        await File.WriteAllTextAsync(tokens, $"admin:{Admin}\n");
        return await ServerProcess.StartAsync(["--api-tokens", tokens, "--dialplans", Path.Combine(RepoPaths.Root, "dialplans"), .. extraArgs]);
    }

    private static async Task<ProcessRunner.Result> CallAsync(ServerProcess server, params string[] args) =>
        await ProcessRunner.RunAsync("dotnet", [RepoPaths.TelephonyDll, "call", .. args, "--server", (await server.ApiAsync()).ToString(), "--token", Admin], TimeSpan.FromSeconds(90));

    private static Task<ProcessRunner.Result> SippUasAsync(int port, int mediaPort, string folder) =>
        ProcessRunner.RunAsync(ProcessRunner.Require("sipp", "sip-tester"),
            ["-sn", "uas", "-p", port.ToString(), "-i", "127.0.0.1", "-mi", "127.0.0.1", "-mp", mediaPort.ToString(), "-m", "1", "-nostdin", "-timeout", "60s"],
            TimeSpan.FromSeconds(90), folder);

    private static string TempFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "call-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    [Test]
    public async Task A_call_to_a_sipp_uas_runs_the_named_flow_and_its_prompt_reaches_the_uas()
    {
        var folder = TempFolder();
        await using var server = await ServeAsync(folder);
        var uasPort = FreePorts.Sip();
        var mediaPort = FreePorts.UdpBlock(4);
        await using var capture = await Tcpdump.StartAsync(mediaPort);
        var uas = SippUasAsync(uasPort, mediaPort, folder);
        await Task.Delay(500);

        var result = await CallAsync(server, $"sip:uas@127.0.0.1:{uasPort}", "--flow", "demo/main", "--from", "1000");

        // The demo flow plays its welcome, waits for digits that never come, says goodbye and sends BYE.
        var uasEnded = await uas;
        var cdr = (await server.WaitForCdrsAsync(1)).Single();
        var audio = (await capture.StopAsync()).Where(d => d.DestinationPort == mediaPort && d.Payload.Length > 12).ToList();
        var spoken = audio.Count(d => d.Payload.Skip(12).Any(b => b is not (0xFF or 0x7F)));
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            Assert.That(result.Stdout, Does.Contain("answered"));
            Assert.That(uasEnded.ExitCode, Is.Zero, "the UAS saw a whole call ended by our BYE: " + uasEnded);
            Assert.That(cdr.GetProperty("direction").GetString(), Is.EqualTo("outbound"));
            Assert.That(cdr.GetProperty("sip_status").GetInt32(), Is.EqualTo(200));
            Assert.That(cdr.GetProperty("to").GetString(), Does.Contain($"127.0.0.1:{uasPort}"));
            Assert.That(cdr.GetProperty("flow").GetString(), Does.StartWith("demo/main"));
            Assert.That(spoken, Is.GreaterThan(25), $"{audio.Count} RTP packets reached the UAS, {spoken} with sound");
        });
    }

    [Test]
    public async Task A_number_goes_out_through_the_trunk_and_the_cdr_says_outbound()
    {
        var folder = TempFolder();
        var trunkPort = FreePorts.Sip();
        var trunks = Path.Combine(folder, "trunks.yaml");
        await File.WriteAllTextAsync(trunks, $"""
            trunks:
              - name: carrier
                host: 127.0.0.1
                port: {trunkPort}
            """);
        await using var server = await ServeAsync(folder, "--trunks", trunks);
        var uas = SippUasAsync(trunkPort, FreePorts.UdpBlock(4), folder);
        await Task.Delay(500);

        var result = await CallAsync(server, "+15551230000", "--trunk", "carrier", "--flow", "demo/main");

        await uas;
        var cdr = (await server.WaitForCdrsAsync(1)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            Assert.That(cdr.GetProperty("direction").GetString(), Is.EqualTo("outbound"));
            Assert.That(cdr.GetProperty("to").GetString(), Does.Contain("+15551230000").And.Contain($"127.0.0.1:{trunkPort}"));
        });
    }

    [TestCase(486, "busy (486)")]
    [TestCase(503, "failed (503 Service Unavailable)")]
    public async Task A_refusing_peer_is_reported_and_the_command_fails(int status, string expected)
    {
        var folder = TempFolder();
        await using var server = await ServeAsync(folder);
        using var rig = new BridgeRig();
        var peer = rig.Agent(status == 486 ? BridgeScenarios.BusyAgent : BridgeScenarios.UnavailableTrunk, FreePorts.UdpBlock(4));
        await Task.Delay(500);

        var result = await CallAsync(server, $"sip:agent@127.0.0.1:{rig.AgentPort}");

        await peer;
        var cdr = (await server.WaitForCdrsAsync(1)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
            Assert.That(result.Stdout, Does.Contain(expected));
            Assert.That(cdr.GetProperty("direction").GetString(), Is.EqualTo("outbound"));
            Assert.That(cdr.GetProperty("sip_status").GetInt32(), Is.EqualTo(status));
        });
    }

    [Test]
    public async Task A_peer_that_only_rings_is_no_answer_after_the_timeout()
    {
        var folder = TempFolder();
        await using var server = await ServeAsync(folder);
        using var rig = new BridgeRig();
        var peer = rig.Agent(BridgeScenarios.RingingAgent, FreePorts.UdpBlock(4));
        await Task.Delay(500);

        var result = await CallAsync(server, $"sip:agent@127.0.0.1:{rig.AgentPort}", "--timeout", "2");

        await peer;
        var cdr = (await server.WaitForCdrsAsync(1)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
            Assert.That(result.Stdout, Does.Contain("no answer"));
            Assert.That(cdr.GetProperty("cause").GetString(), Is.EqualTo("no-answer"));
        });
    }
}
