using System.Text.Json;

namespace Telephony.Interop.Tests;

/// <summary>
/// Agents on a real server (issue 12): serve --queues samples/queues.yaml, a baresip softphone
/// registering as an agent with digest auth, and the agent commands through the HTTP API. The
/// agent's status follows the registration, both ways.
/// </summary>
[NonParallelizable]
public class AgentDeskServeTests
{
    private static readonly string Sample = Path.Combine(RepoPaths.Root, "samples", "queues.yaml");

    private const string Token = "sup3rvisor";

    private string _tokens = string.Empty;

    [SetUp]
    public void SetUp()
    {
        _tokens = Path.Combine(Path.GetTempPath(), $"tokens-{Guid.NewGuid():N}");
        File.WriteAllText(_tokens, $"supervisor:{Token}\n");
    }

    [TearDown]
    public void TearDown() => File.Delete(_tokens);

    private Task<ServerProcess> StartAsync(params string[] args) => ServerProcess.StartAsync(["--api-tokens", _tokens, .. args]);

    private static Task<ProcessRunner.Result> Telephony(Uri api, params string[] args) =>
        ProcessRunner.RunAsync("dotnet", [RepoPaths.TelephonyDll, .. args, "--server", api.ToString(), "--token", Token], TimeSpan.FromSeconds(60));

    [Test]
    public async Task An_agent_is_available_while_logged_in_with_a_registered_softphone_and_explain_says_why_not()
    {
        await using var server = await StartAsync("--queues", Sample);
        var api = await server.ApiAsync();

        var before = await Telephony(api, "agent", "explain", "alice");
        var login = await Telephony(api, "agent", "login", "alice");
        var waiting = await Telephony(api, "agent", "explain", "alice");
        Assert.Multiple(() =>
        {
            Assert.That(server.Log, Does.Contain("registrar: on, 3 accounts from 3 agents of --queues"), server.Log);
            Assert.That(before.Stdout, Is.EqualTo("alice: offline\n  support (tier 1): logged-out: logged out\n  sales (tier 2): logged-out: logged out\n"), before.ToString());
            Assert.That(login.Stdout, Is.EqualTo("alice: offline\n"), "logged in, but nothing would ring yet");
            Assert.That(waiting.Stdout, Does.Contain("  support (tier 1): not-registered: no softphone registered as '1001'"), waiting.ToString());
        });

        using var phone = Baresip.Create($"<sip:1001@127.0.0.1:{server.SipPort}>;auth_pass=change-me-1001;regint=60");
        var running = phone.RunAsync(8);
        var available = await WaitForStatusAsync(api, "alice", "available");

        var pause = await Telephony(api, "agent", "pause", "alice", "--reason", "lunch");
        var paused = await Telephony(api, "agent", "explain", "alice");
        var again = await Telephony(api, "agent", "pause", "alice", "--reason", "lunch");
        var unpause = await Telephony(api, "agent", "unpause", "alice");
        var list = await Telephony(api, "agent", "list");

        Assert.Multiple(() =>
        {
            Assert.That(available, Is.True, "alice did not become available after her softphone registered\n" + server.Log);
            Assert.That(pause.Stdout, Is.EqualTo("alice: paused\n"), pause.ToString());
            Assert.That(paused.Stdout, Does.Match(@"  support \(tier 1\): paused: paused \(lunch\) since \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\n"), paused.ToString());
            Assert.That(again.Stdout, Is.EqualTo("alice: paused (unchanged)\n"));
            Assert.That(unpause.Stdout, Is.EqualTo("alice: available\n"));
            Assert.That(list.Stdout, Does.StartWith("NAME "), list.ToString());
            Assert.That(list.Stdout, Does.Match(@"\nalice +available +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +1001 +support/1,sales/2\n"), list.Stdout);
            Assert.That(list.Stdout, Does.Match(@"\nbob +offline .* +1002 +support/1,sales/1 +no softphone registered\n"), list.Stdout);
        });

        // baresip unregisters (Expires: 0) when it exits: the agent stops being offered calls at once.
        var run = await running;
        var gone = await WaitForStatusAsync(api, "alice", "offline");
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero, run.ToString());
            Assert.That(gone, Is.True, "alice stayed available after her softphone left\n" + server.Log);
            Assert.That(server.Log, Does.Contain("agent: alice offline -> available (registered)"));
            Assert.That(server.Log, Does.Contain("agent: alice available -> paused (pause:lunch)"));
            Assert.That(server.Log, Does.Contain("agent: alice available -> offline (unregistered)"));
        });
    }

    [Test]
    public async Task Mistakes_are_named_and_change_nothing()
    {
        await using var server = await StartAsync("--queues", Sample);
        var api = await server.ApiAsync();

        var nobody = await Telephony(api, "agent", "explain", "nobody");
        var badReason = await Telephony(api, "agent", "pause", "bob", "--reason", "Out To Lunch");
        var noName = await Telephony(api, "agent", "login");
        var bob = await Telephony(api, "agent", "list", "--json");

        Assert.Multiple(() =>
        {
            Assert.That((nobody.ExitCode, nobody.Stdout), Is.EqualTo((1, "no agent nobody\n")));
            Assert.That(badReason.ExitCode, Is.EqualTo(2));
            Assert.That(badReason.Stderr, Does.Contain("'reason' is a code of 1 to 32 lowercase letters, digits and '-' (got 'Out To Lunch') (reason)"), badReason.ToString());
            Assert.That(noName.ExitCode, Is.EqualTo(2));
            Assert.That(noName.Stderr, Does.Contain("agent login needs the agent's NAME"));
            var agents = bob.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            Assert.That(agents.Select(a => a.GetProperty("name").GetString()), Is.EqualTo(new[] { "alice", "bob", "carol" }));
            Assert.That(agents[1].GetProperty("pause_reason").ValueKind, Is.EqualTo(JsonValueKind.Null), "the refused pause changed nothing");
        });
    }

    [Test]
    public async Task Without_queues_the_agent_commands_say_so()
    {
        await using var server = await StartAsync();
        var api = await server.ApiAsync();

        var list = await Telephony(api, "agent", "list");
        var explain = await Telephony(api, "agent", "explain", "alice");

        Assert.Multiple(() =>
        {
            Assert.That(list.ExitCode, Is.EqualTo(1));
            Assert.That(list.Stderr, Does.Contain("this server serves no queues (serve --queues FILE)"), list.ToString());
            Assert.That((explain.ExitCode, explain.Stdout), Is.EqualTo((1, "this server serves no queues (serve --queues FILE)\n")));
        });
    }

    [Test]
    public async Task A_broken_queues_file_stops_serve_with_every_error()
    {
        var file = Path.Combine(Path.GetTempPath(), $"queues-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, "queues:\n  - name: support\n    wrap_up: soon\nagents:\n  - name: al\n    sip_user: '1001'\n    password: x\n    queues: [sales]\n");
        try
        {
            var result = await ProcessRunner.RunAsync("dotnet", [RepoPaths.TelephonyDll, "serve", "--sip-port", "0", "--bind", "127.0.0.1", "--http", "none", "--queues", file], TimeSpan.FromSeconds(60));
            Assert.Multiple(() =>
            {
                Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
                Assert.That(result.Stderr, Does.Contain("invalid queues file:"));
                Assert.That(result.Stderr, Does.Contain($"{file}:3:14: error: 'wrap_up' must be a duration"));
                Assert.That(result.Stderr, Does.Contain($"{file}:8:14: error: agent 'al' answers queue 'sales', which is not defined"));
            });
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public async Task An_agent_whose_sip_user_has_another_password_in_users_is_refused()
    {
        var users = Path.Combine(Path.GetTempPath(), $"users-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(users, "1001:another\n");
        try
        {
            var result = await ProcessRunner.RunAsync("dotnet", [RepoPaths.TelephonyDll, "serve", "--sip-port", "0", "--bind", "127.0.0.1", "--http", "none", "--users", users, "--queues", Sample], TimeSpan.FromSeconds(60));
            Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
            Assert.That(result.Stderr, Does.Contain($"{Sample}: agent 'alice' registers as '1001', which {users} (--users) gives another password; keep one"));
        }
        finally
        {
            File.Delete(users);
        }
    }

    private static async Task<bool> WaitForStatusAsync(Uri api, string agent, string status)
    {
        using var http = new HttpClient { BaseAddress = api };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            var body = JsonDocument.Parse(await http.GetStringAsync("agents/" + agent)).RootElement;
            if (body.GetProperty("status").GetString() == status)
            {
                return true;
            }

            await Task.Delay(200);
        }

        return false;
    }
}
