using System.Text.Json;
using Telephony.Media.Codecs;

namespace Telephony.Interop.Tests;

/// <summary>
/// Bridged transfers (B2BUA) on the real server: a sipp caller reaches a flow whose <c>transfer:</c>
/// dials a sipp agent; the server stays in the middle. Signalling: a BYE on either side ends both
/// legs, the two CDRs name each other, a busy or silent agent sends the caller to the fallback.
/// Media (captured on loopback with tcpdump and decoded): audio both ways, the caller's RFC 4733
/// digits at the agent, PCMU to PCMA and to G.722 transcoded. The media tests need the media
/// layer's RtpBridge plugged into the server (TelephonyServer.MediaBridges); until then the server
/// logs "no media bridge is plugged in" and they fail saying so.
/// </summary>
[NonParallelizable]
public class BridgedTransferTests
{
    private string _folder = null!;

    [SetUp]
    public void SetUp()
    {
        _folder = Path.Combine(Path.GetTempPath(), "bridge-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(_folder, "dialplans"));
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    private async Task<ServerProcess> ServeAsync(int agentPort, string timeout = "15s")
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "dialplans", "desk.yaml"), $"""
            dialplan: desk
            flows:
              main:
                - answer
                - transfer: sip:agent@127.0.0.1:{agentPort}
                  timeout: {timeout}
                  fallback:
                    - name: not-transferred
                      play: goodbye
                    - hangup: busy
            """);
        return await ServerProcess.StartAsync("--dialplans", Path.Combine(_folder, "dialplans"));
    }

    private Task<ProcessRunner.Result> Agent(string xml, int port, int mediaPort, bool echo = false)
    {
        var scenario = BridgeScenarios.Write(_folder, $"agent-{port}.xml", xml);
        var args = new List<string> { "-sf", scenario, "-p", port.ToString(), "-i", "127.0.0.1", "-mi", "127.0.0.1", "-mp", mediaPort.ToString(), "-m", "1", "-nostdin", "-timeout", "40s", "-timeout_error" };
        if (echo)
        {
            args.Add("-rtp_echo");
        }

        return ProcessRunner.RunAsync(ProcessRunner.Require("sipp", "sip-tester"), args, TimeSpan.FromSeconds(60), _folder);
    }

    private Task<ProcessRunner.Result> Caller(ServerProcess server, string xml, int mediaPort)
    {
        var scenario = BridgeScenarios.Write(_folder, "caller.xml", xml);
        return ProcessRunner.RunAsync(ProcessRunner.Require("sipp", "sip-tester"),
            [$"127.0.0.1:{server.SipPort}", "-sf", scenario, "-s", "desk", "-i", "127.0.0.1", "-p", FreePorts.Sip().ToString(), "-mi", "127.0.0.1", "-mp", mediaPort.ToString(),
             "-m", "1", "-nostdin", "-timeout", "40s", "-timeout_error"],
            TimeSpan.FromSeconds(60), _folder);
    }

    /// <summary>The two CDRs of the bridged call: the caller's (inbound) and the agent's (outbound).</summary>
    private static async Task<(JsonElement Caller, JsonElement Agent)> LegsAsync(ServerProcess server)
    {
        var cdrs = await server.WaitForCdrsAsync(2);
        Assert.That(cdrs, Has.Count.EqualTo(2), server.Log);
        var caller = cdrs.Single(c => c.GetProperty("direction").GetString() == "inbound");
        var agent = cdrs.Single(c => c.GetProperty("direction").GetString() == "outbound");
        return (caller, agent);
    }

    [Test]
    public async Task Bye_from_the_caller_ends_both_legs_and_the_two_cdrs_name_each_other()
    {
        var agentPort = FreePorts.Sip();
        await using var server = await ServeAsync(agentPort);
        var agent = Agent(BridgeScenarios.Agent(0, holdMs: null), agentPort, FreePorts.UdpBlock(4));
        var caller = await Caller(server, BridgeScenarios.Caller(0, [], holdMs: 2000), FreePorts.UdpBlock(4));
        var agentRun = await agent;
        var (callerCdr, agentCdr) = await LegsAsync(server);

        Assert.Multiple(() =>
        {
            Assert.That(caller.ExitCode, Is.Zero, "the caller was answered and its BYE taken\n" + caller + server.Log);
            Assert.That(agentRun.ExitCode, Is.Zero, "the agent was called and got the server's BYE when the caller hung up\n" + agentRun);
            Assert.That(callerCdr.GetProperty("peer_call_id").GetString(), Is.EqualTo(agentCdr.GetProperty("call_id").GetString()));
            Assert.That(agentCdr.GetProperty("peer_call_id").GetString(), Is.EqualTo(callerCdr.GetProperty("call_id").GetString()));
            Assert.That(callerCdr.GetProperty("cause").GetString(), Is.EqualTo("transferred"));
            Assert.That(callerCdr.GetProperty("ended_by").GetString(), Is.EqualTo("caller"));
            Assert.That(DialplanServeTests.Flow(callerCdr), Does.StartWith($"desk/main: transferred sip:agent@127.0.0.1:{agentPort}"));
            Assert.That(agentCdr.GetProperty("cause").GetString(), Is.EqualTo("peer-hangup"));
            Assert.That(agentCdr.GetProperty("sip_status").GetInt32(), Is.EqualTo(200));
            Assert.That(agentCdr.GetProperty("to").GetString(), Is.EqualTo($"sip:agent@127.0.0.1:{agentPort}"));
            Assert.That(agentCdr.GetProperty("codec").GetString(), Is.EqualTo("PCMU"));
        });
    }

    [Test]
    public async Task Bye_from_the_agent_ends_the_caller_too()
    {
        var agentPort = FreePorts.Sip();
        await using var server = await ServeAsync(agentPort);
        var agent = Agent(BridgeScenarios.Agent(0, holdMs: 2000), agentPort, FreePorts.UdpBlock(4));
        var caller = await Caller(server, BridgeScenarios.Caller(0, [], holdMs: null), FreePorts.UdpBlock(4));
        var agentRun = await agent;
        var (callerCdr, agentCdr) = await LegsAsync(server);

        Assert.Multiple(() =>
        {
            Assert.That(agentRun.ExitCode, Is.Zero, "the agent answered and its BYE was taken\n" + agentRun + server.Log);
            Assert.That(caller.ExitCode, Is.Zero, "the caller got the server's BYE when the agent hung up\n" + caller);
            Assert.That(agentCdr.GetProperty("ended_by").GetString(), Is.EqualTo("callee"));
            Assert.That(agentCdr.GetProperty("cause").GetString(), Is.EqualTo("BYE"));
            Assert.That(callerCdr.GetProperty("ended_by").GetString(), Is.EqualTo("server"));
            Assert.That(callerCdr.GetProperty("cause").GetString(), Is.EqualTo("transferred"));
            Assert.That(callerCdr.GetProperty("peer_call_id").GetString(), Is.EqualTo(agentCdr.GetProperty("call_id").GetString()));
        });
    }

    [Test]
    public async Task A_busy_agent_sends_the_caller_to_the_fallback()
    {
        var agentPort = FreePorts.Sip();
        await using var server = await ServeAsync(agentPort);
        var agent = Agent(BridgeScenarios.BusyAgent, agentPort, FreePorts.UdpBlock(4));
        var caller = await Caller(server, BridgeScenarios.Caller(0, [], holdMs: null), FreePorts.UdpBlock(4));
        var agentRun = await agent;
        var (callerCdr, agentCdr) = await LegsAsync(server);

        Assert.Multiple(() =>
        {
            Assert.That(agentRun.ExitCode, Is.Zero, "the agent refused with 486 and got its ACK\n" + agentRun + server.Log);
            Assert.That(caller.ExitCode, Is.Zero, "the caller stayed with the flow and was hung up by its fallback\n" + caller);
            Assert.That(DialplanServeTests.Flow(callerCdr), Does.Contain("hangup busy at main/"), server.Log);
            Assert.That(agentCdr.GetProperty("cause").GetString(), Is.EqualTo("busy"));
            Assert.That(agentCdr.GetProperty("sip_status").GetInt32(), Is.EqualTo(486));
            Assert.That(agentCdr.GetProperty("peer_call_id").ValueKind, Is.EqualTo(JsonValueKind.Null), "never bridged");
            Assert.That(server.Log, Does.Contain("did not take the call: busy (486"));
        });
    }

    [Test]
    public async Task An_agent_that_does_not_answer_within_the_timeout_is_cancelled_and_the_caller_goes_to_the_fallback()
    {
        var agentPort = FreePorts.Sip();
        await using var server = await ServeAsync(agentPort, timeout: "2s");
        var agent = Agent(BridgeScenarios.RingingAgent, agentPort, FreePorts.UdpBlock(4));
        var caller = await Caller(server, BridgeScenarios.Caller(0, [], holdMs: null), FreePorts.UdpBlock(4));
        var agentRun = await agent;
        var (callerCdr, agentCdr) = await LegsAsync(server);

        Assert.Multiple(() =>
        {
            Assert.That(agentRun.ExitCode, Is.Zero, "the agent rang, got CANCEL and answered 487\n" + agentRun + server.Log);
            Assert.That(caller.ExitCode, Is.Zero, "the caller went on with the fallback\n" + caller);
            Assert.That(DialplanServeTests.Flow(callerCdr), Does.Contain("hangup busy at main/"));
            Assert.That(agentCdr.GetProperty("cause").GetString(), Is.EqualTo("no-answer"));
            Assert.That(agentCdr.GetProperty("sip_status").GetInt32(), Is.EqualTo(487));
            Assert.That(agentCdr.GetProperty("ended_by").GetString(), Is.EqualTo("system"));
        });
    }
}
