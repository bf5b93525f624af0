using System.Net.Http.Headers;
using System.Text.Json;

namespace Telephony.Interop.Tests;

/// <summary>
/// Callers delivered to agents (issue 12): a sipp caller reaches a flow that sends it to a queue
/// (<c>transfer: queue:support</c>), baresip softphones registered with digest auth as the agents;
/// the caller is bridged to an available agent with RTP flowing, an agent who does not answer
/// within the queue's agent timeout is skipped for the next, and wrap-up follows the call.
/// </summary>
[NonParallelizable]
public class QueueDeliveryTests
{
    private const string Token = "sup3rvisor";
    private BridgeRig _rig = null!;
    private string _queues = string.Empty;
    private string _tokens = string.Empty;

    [SetUp]
    public void SetUp()
    {
        _rig = new BridgeRig();
        _tokens = Path.Combine(_rig.Folder, "tokens");
        File.WriteAllText(_tokens, $"supervisor:{Token}\n");
        _queues = Path.Combine(_rig.Folder, "queues.yaml");
        File.WriteAllText(_queues, """
            queues:
              - name: support
                strategy: linear
                agent_timeout: 3s
                wrap_up: 2s
            agents:
              - name: alice
                sip_user: "1001"
                password: secret-1001
                queues: [support]
              - name: bob
                sip_user: "1002"
                password: secret-1002
                queues: [support]
            """);
    }

    [TearDown]
    public void TearDown() => _rig.Dispose();

    [Test]
    public async Task A_queued_caller_is_bridged_to_the_available_agent_and_wrap_up_follows_the_call()
    {
        await using var server = await _rig.ServeAsync(timeout: "20s", target: "queue:support", extraArgs: ["--queues", _queues, "--api-tokens", _tokens]);
        using var api = await ApiAsync(server);
        using var bob = Baresip.Create($"<sip:1002@127.0.0.1:{server.SipPort}>;auth_pass=secret-1002;regint=60", autoAnswer: true);
        var phone = bob.RunAsync(16);
        await LoginAsync(api, "bob");
        Assert.That(await WaitForStatusAsync(api, "bob", "available"), Is.True, server.Log);

        // The agent ends the call (baresip hangs up when its audio source, a prompt file, ends); the caller gets our BYE.
        var caller = await _rig.Caller(server, BridgeScenarios.Caller(0, [], holdMs: null), FreePorts.UdpBlock(4));
        var (callerCdr, agentCdr) = await BridgeRig.LegsAsync(server);
        var wrapUp = await WaitForStatusAsync(api, "bob", "wrap-up");
        var availableAgain = await WaitForStatusAsync(api, "bob", "available");
        await phone;

        Assert.Multiple(() =>
        {
            Assert.That(caller.ExitCode, Is.Zero, caller + server.Log);
            Assert.That(DialplanServeTests.Flow(callerCdr), Does.StartWith("desk/main: transferred queue:support"), server.Log);
            Assert.That(callerCdr.GetProperty("peer_call_id").GetString(), Is.EqualTo(agentCdr.GetProperty("call_id").GetString()));
            Assert.That(agentCdr.GetProperty("to").GetString(), Does.StartWith("sip:1002-").And.Contain("@127.0.0.1:"), "bob's registered contact (baresip's) was dialled");
            Assert.That(agentCdr.GetProperty("sip_status").GetInt32(), Is.EqualTo(200));
            Assert.That(agentCdr.GetProperty("rtp_packets").GetInt64(), Is.GreaterThan(50), "bob's softphone sent audio through the bridge");
            Assert.That(server.Log, Does.Contain("agent: bob available -> ringing (offered)"));
            Assert.That(server.Log, Does.Contain("agent: bob ringing -> on-call (answered)"));
            Assert.That(server.Log, Does.Contain("agent: bob on-call -> wrap-up (call-ended)"));
            Assert.That(wrapUp && availableAgain, Is.True, "wrap-up, then available by itself\n" + server.Log);
        });
    }

    [Test]
    public async Task An_agent_who_does_not_answer_is_skipped_after_the_agent_timeout()
    {
        await using var server = await _rig.ServeAsync(timeout: "20s", target: "queue:support", extraArgs: ["--queues", _queues, "--api-tokens", _tokens]);
        using var api = await ApiAsync(server);
        using var alice = Baresip.Create($"<sip:1001@127.0.0.1:{server.SipPort}>;auth_pass=secret-1001;regint=60");
        using var bob = Baresip.Create($"<sip:1002@127.0.0.1:{server.SipPort}>;auth_pass=secret-1002;regint=60", autoAnswer: true);
        var alicePhone = alice.RunAsync(20);
        var bobPhone = bob.RunAsync(20);
        await LoginAsync(api, "alice");
        await LoginAsync(api, "bob");
        Assert.That(await WaitForStatusAsync(api, "alice", "available") && await WaitForStatusAsync(api, "bob", "available"), Is.True, server.Log);

        var caller = await _rig.Caller(server, BridgeScenarios.Caller(0, [], holdMs: null), FreePorts.UdpBlock(4));
        var cdrs = await server.WaitForCdrsAsync(3);
        await Task.WhenAll(alicePhone, bobPhone);

        var outbound = cdrs.Where(c => c.GetProperty("direction").GetString() == "outbound").ToList();
        var inbound = cdrs.Single(c => c.GetProperty("direction").GetString() == "inbound");
        Assert.Multiple(() =>
        {
            Assert.That(caller.ExitCode, Is.Zero, caller + server.Log);
            Assert.That(outbound.Select(c => c.GetProperty("to").GetString()![..8]), Is.EquivalentTo(new[] { "sip:1001", "sip:1002" }), server.Log);
            var aliceLeg = outbound.Single(c => c.GetProperty("to").GetString()!.StartsWith("sip:1001", StringComparison.Ordinal));
            Assert.That(aliceLeg.GetProperty("cause").GetString(), Is.EqualTo("no-answer"), "linear: alice first, cancelled after 3 s");
            Assert.That(inbound.GetProperty("peer_call_id").GetString(), Is.EqualTo(outbound.Single(c => c.GetProperty("to").GetString()!.StartsWith("sip:1002", StringComparison.Ordinal)).GetProperty("call_id").GetString()));
            Assert.That(server.Log, Does.Contain("agent: alice ringing -> available (no-answer)"));
            Assert.That(server.Log, Does.Contain("agent: bob ringing -> on-call (answered)"));
        });
    }

    private static async Task<HttpClient> ApiAsync(ServerProcess server)
    {
        var http = new HttpClient { BaseAddress = await server.ApiAsync() };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return http;
    }

    private static async Task LoginAsync(HttpClient api, string agent)
    {
        using var response = await api.PostAsync($"agents/{agent}/login", null);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
    }

    private static async Task<bool> WaitForStatusAsync(HttpClient api, string agent, string status)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            var body = JsonDocument.Parse(await api.GetStringAsync("agents/" + agent)).RootElement;
            if (body.GetProperty("status").GetString() == status)
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
