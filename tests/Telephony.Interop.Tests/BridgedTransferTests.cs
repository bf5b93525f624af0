using System.Text.Json;

namespace Telephony.Interop.Tests;

/// <summary>
/// Bridged transfers (B2BUA) on the real server, signalling: a sipp caller reaches a flow whose
/// <c>transfer:</c> dials a sipp agent and the server stays in the middle; a BYE on either side ends
/// both legs, the two CDRs name each other, a busy or silent agent sends the caller to the
/// fallback. The media through the bridge is tested in <see cref="BridgedMediaTests"/>.
/// </summary>
[NonParallelizable]
public class BridgedTransferTests
{
    private BridgeRig _rig = null!;

    [SetUp]
    public void SetUp() => _rig = new BridgeRig();

    [TearDown]
    public void TearDown() => _rig.Dispose();

    [Test]
    public async Task Bye_from_the_caller_ends_both_legs_and_the_two_cdrs_name_each_other()
    {
        var agentPort = _rig.AgentPort;
        await using var server = await _rig.ServeAsync();
        var agent = _rig.Agent(BridgeScenarios.Agent(0, holdMs: null), FreePorts.UdpBlock(4));
        var caller = await _rig.Caller(server, BridgeScenarios.Caller(0, [], holdMs: 2000), FreePorts.UdpBlock(4));
        var agentRun = await agent;
        var (callerCdr, agentCdr) = await BridgeRig.LegsAsync(server);

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
        var agentPort = _rig.AgentPort;
        await using var server = await _rig.ServeAsync();
        var agent = _rig.Agent(BridgeScenarios.Agent(0, holdMs: 2000), FreePorts.UdpBlock(4));
        var caller = await _rig.Caller(server, BridgeScenarios.Caller(0, [], holdMs: null), FreePorts.UdpBlock(4));
        var agentRun = await agent;
        var (callerCdr, agentCdr) = await BridgeRig.LegsAsync(server);

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
        var agentPort = _rig.AgentPort;
        await using var server = await _rig.ServeAsync();
        var agent = _rig.Agent(BridgeScenarios.BusyAgent, FreePorts.UdpBlock(4));
        var caller = await _rig.Caller(server, BridgeScenarios.Caller(0, [], holdMs: null), FreePorts.UdpBlock(4));
        var agentRun = await agent;
        var (callerCdr, agentCdr) = await BridgeRig.LegsAsync(server);

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
        var agentPort = _rig.AgentPort;
        await using var server = await _rig.ServeAsync(timeout: "2s");
        var agent = _rig.Agent(BridgeScenarios.RingingAgent, FreePorts.UdpBlock(4));
        var caller = await _rig.Caller(server, BridgeScenarios.Caller(0, [], holdMs: null), FreePorts.UdpBlock(4));
        var agentRun = await agent;
        var (callerCdr, agentCdr) = await BridgeRig.LegsAsync(server);

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

    [Test]
    public async Task A_hold_and_resume_by_the_caller_is_reflected_to_the_agent_by_re_invite()
    {
        await using var server = await _rig.ServeAsync();
        var agent = _rig.Agent(BridgeHoldScenarios.Agent(), FreePorts.UdpBlock(4));
        var caller = await _rig.Caller(server, BridgeHoldScenarios.Caller(), FreePorts.UdpBlock(4));
        var agentRun = await agent;
        var (callerCdr, _) = await BridgeRig.LegsAsync(server);

        Assert.Multiple(() =>
        {
            Assert.That(caller.ExitCode, Is.Zero, "the caller's hold was answered recvonly and its resume sendrecv\n" + caller + server.Log);
            Assert.That(agentRun.ExitCode, Is.Zero, "the agent was offered sendonly, then sendrecv, then got BYE\n" + agentRun + server.Log);
            Assert.That(callerCdr.GetProperty("cause").GetString(), Is.EqualTo("transferred"));
            Assert.That(server.Log, Does.Contain("re-INVITE (sendonly): 200").And.Contain("re-INVITE (sendrecv): 200"));
        });
    }

    [Test]
    public async Task A_number_is_dialled_through_the_trunks_in_order_and_a_503_fails_over_to_the_next()
    {
        var downPort = FreePorts.Sip();
        var trunks = Path.Combine(_rig.Folder, "trunks.yaml");
        await File.WriteAllTextAsync(trunks, $"""
            trunks:
              - name: down
                host: 127.0.0.1
                port: {downPort}
              - name: backup
                host: 127.0.0.1
                port: {_rig.AgentPort}
            """);
        await using var server = await _rig.ServeAsync(target: "+15550123", extraArgs: ["--trunks", trunks]);
        var down = _rig.Agent(BridgeScenarios.UnavailableTrunk, FreePorts.UdpBlock(4), port: downPort);
        var agent = _rig.Agent(BridgeScenarios.Agent(0, holdMs: null), FreePorts.UdpBlock(4));
        var caller = await _rig.Caller(server, BridgeScenarios.Caller(0, [], holdMs: 1500), FreePorts.UdpBlock(4));
        var downRun = await down;
        var agentRun = await agent;
        var (callerCdr, agentCdr) = await BridgeRig.LegsAsync(server);

        Assert.Multiple(() =>
        {
            Assert.That(downRun.ExitCode, Is.Zero, "the first trunk was tried and refused with 503\n" + downRun + server.Log);
            Assert.That(agentRun.ExitCode, Is.Zero, "the second trunk took the call\n" + agentRun);
            Assert.That(caller.ExitCode, Is.Zero, caller.ToString());
            Assert.That(agentCdr.GetProperty("to").GetString(), Is.EqualTo($"sip:+15550123@127.0.0.1:{_rig.AgentPort}"));
            Assert.That(agentCdr.GetProperty("sip_status").GetInt32(), Is.EqualTo(200));
            Assert.That(callerCdr.GetProperty("peer_call_id").GetString(), Is.EqualTo(agentCdr.GetProperty("call_id").GetString()));
            Assert.That(server.Log, Does.Contain("503 Service Unavailable via down; trying the next route"));
        });
    }
}
