namespace Telephony.Interop.Tests;

/// <summary>
/// Call control from a dialplan on real calls: a transfer to a SIP URI REFERs a baresip caller
/// to a sipp "agent" (the caller follows, the server leaves, the CDR says transferred); a hangup
/// before the answer refuses the call with its cause's status.
/// </summary>
[NonParallelizable]
public class DialplanCallControlTests
{
    [Test]
    public async Task Transfer_step_refers_the_caller_to_the_agent_and_the_cdr_says_transferred()
    {
        var folder = Path.Combine(Path.GetTempPath(), "dialplans-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var agentPort = FreePorts.Sip();
        await File.WriteAllTextAsync(Path.Combine(folder, "desk.yaml"), $"""
            dialplan: desk
            flows:
              main:
                - answer
                - transfer: sip:agent@127.0.0.1:{agentPort}
                  mode: refer
                  timeout: 10s
                  fallback:
                    - name: not-transferred
                      hangup: busy
            """);
        await using var server = await ServerProcess.StartAsync("--dialplans", folder);
        var agent = ProcessRunner.RunAsync(ProcessRunner.Require("sipp", "sip-tester"),
            ["-sn", "uas", "-p", agentPort.ToString(), "-i", "127.0.0.1", "-mi", "127.0.0.1", "-mp", FreePorts.UdpBlock(6).ToString(), "-m", "1", "-nostdin", "-timeout", "25s", "-timeout_error"],
            TimeSpan.FromSeconds(40), Path.GetTempPath());
        using var caller = Baresip.Create($"<sip:carol@127.0.0.1:{server.SipPort}>;regint=0");

        var phone = await caller.RunAsync(8, $"/dial sip:ivr@127.0.0.1:{server.SipPort}");
        var agentRun = await agent;
        var cdr = await ServerProcess.CdrForAsync(server, c => DialplanServeTests.Flow(c).StartsWith("desk/", StringComparison.Ordinal));
        Directory.Delete(folder, recursive: true);

        Assert.Multiple(() =>
        {
            Assert.That(DialplanServeTests.Flow(cdr), Is.EqualTo($"desk/main: transferred sip:agent@127.0.0.1:{agentPort} at main/transfer@5:7"), server.Log + phone);
            Assert.That(cdr.GetProperty("cause").GetString(), Is.EqualTo("transferred"));
            Assert.That(agentRun.ExitCode, Is.Zero, "the agent got the transferred call\n" + agentRun);
            Assert.That(server.Log, Does.Contain($"REFER to sip:agent@127.0.0.1:{agentPort}: 202, referred call 200"));
        });
    }

    [Test]
    public async Task Hangup_busy_before_the_answer_refuses_the_call_with_486()
    {
        var folder = Path.Combine(Path.GetTempPath(), "dialplans-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "busy.yaml"), """
            dialplan: busy
            flows:
              main:
                - hangup: busy
            """);
        await using var server = await ServerProcess.StartAsync("--dialplans", folder);

        // sipp's built-in uac expects 200 and fails on the 486: only the CDR matters here.
        await Sipp.RunAsync(server, TimeSpan.FromSeconds(10), "-sn", "uac", "-m", "1");
        var cdr = await ServerProcess.CdrForAsync(server, c => DialplanServeTests.Flow(c).StartsWith("busy/", StringComparison.Ordinal));
        Directory.Delete(folder, recursive: true);

        Assert.Multiple(() =>
        {
            Assert.That(cdr.GetProperty("sip_status").GetInt32(), Is.EqualTo(486));
            Assert.That(cdr.GetProperty("cause").GetString(), Is.EqualTo("busy"));
            Assert.That(DialplanServeTests.Flow(cdr), Is.EqualTo("busy/main: hangup busy at main/hangup@4:7"));
        });
    }
}
