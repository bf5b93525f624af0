using System.Text.Json;

namespace Telephony.Interop.Tests;

/// <summary>One bridged-transfer setup: a temp folder, the server with a <c>desk</c> dialplan that transfers to a sipp agent, and the sipp runs.</summary>
internal sealed class BridgeRig : IDisposable
{
    public BridgeRig()
    {
        Folder = Path.Combine(Path.GetTempPath(), "bridge-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(Folder, "dialplans"));
    }

    public string Folder { get; }

    public int AgentPort { get; } = FreePorts.Sip();

    /// <summary>Starts the server; its flow answers, transfers to the agent (bridge, the default) and on failure plays goodbye and hangs up busy.</summary>
    public async Task<ServerProcess> ServeAsync(string timeout = "15s", string? target = null, params string[] extraArgs)
    {
        await File.WriteAllTextAsync(Path.Combine(Folder, "dialplans", "desk.yaml"), $"""
            dialplan: desk
            flows:
              main:
                - answer
                - transfer: '{target ?? $"sip:agent@127.0.0.1:{AgentPort}"}'
                  timeout: {timeout}
                  fallback:
                    - name: not-transferred
                      play: goodbye
                    - hangup: busy
            """);
        return await ServerProcess.StartAsync(["--dialplans", Path.Combine(Folder, "dialplans"), .. extraArgs]);
    }

    public Task<ProcessRunner.Result> Agent(string xml, int mediaPort, bool echo = false, int? port = null)
    {
        var sipPort = port ?? AgentPort;
        var scenario = BridgeScenarios.Write(Folder, $"agent-{sipPort}.xml", xml);
        var args = new List<string> { "-sf", scenario, "-p", sipPort.ToString(), "-i", "127.0.0.1", "-mi", "127.0.0.1", "-mp", mediaPort.ToString(), "-m", "1", "-nostdin", "-timeout", "40s", "-timeout_error" };
        if (echo)
        {
            args.Add("-rtp_echo");
        }

        return ProcessRunner.RunAsync(ProcessRunner.Require("sipp", "sip-tester"), args, TimeSpan.FromSeconds(60), Folder);
    }

    public Task<ProcessRunner.Result> Caller(ServerProcess server, string xml, int mediaPort)
    {
        var scenario = BridgeScenarios.Write(Folder, "caller.xml", xml);
        return ProcessRunner.RunAsync(ProcessRunner.Require("sipp", "sip-tester"),
            [$"127.0.0.1:{server.SipPort}", "-sf", scenario, "-s", "desk", "-i", "127.0.0.1", "-p", FreePorts.Sip().ToString(), "-mi", "127.0.0.1", "-mp", mediaPort.ToString(),
             "-m", "1", "-nostdin", "-timeout", "40s", "-timeout_error"],
            TimeSpan.FromSeconds(60), Folder);
    }

    /// <summary>The two CDRs of the bridged call: the caller's (inbound) and the agent's (outbound).</summary>
    public static async Task<(JsonElement Caller, JsonElement Agent)> LegsAsync(ServerProcess server)
    {
        var cdrs = await server.WaitForCdrsAsync(2);
        Assert.That(cdrs, Has.Count.EqualTo(2), server.Log);
        var caller = cdrs.Single(c => c.GetProperty("direction").GetString() == "inbound");
        var agent = cdrs.Single(c => c.GetProperty("direction").GetString() == "outbound");
        return (caller, agent);
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
