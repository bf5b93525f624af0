using System.Text.Json;

namespace Telephony.Interop.Tests;

/// <summary>
/// The real server serving the sample dialplans to sipp callers pressing keys (RFC 4733 from
/// sipp's pcaps): routing by called number, the flow's outcome in the CDR.
/// </summary>
[NonParallelizable]
public class DialplanServeTests
{
    private ServerProcess _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await ServerProcess.StartAsync("--dialplans", Path.Combine(RepoPaths.Root, "dialplans"));

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [Test]
    public async Task Demo_dialplan_reads_the_digits_back_and_the_cdr_names_its_final_step()
    {
        var run = await Sipp.RunAsync(_server, TimeSpan.FromSeconds(60), "-sf", RepoPaths.SippScenario("uac_dtmf.xml"), "-m", "1");

        Assert.That(run.ExitCode, Is.Zero, run + _server.Log);
        var cdr = await ServerProcess.CdrForAsync(_server, c => Flow(c).StartsWith("demo/", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(_server.Log, Does.Contain("dialplans: serving"));
            Assert.That(cdr.GetProperty("digits").GetString(), Is.EqualTo("123"));
            Assert.That(cdr.GetProperty("cause").GetString(), Is.EqualTo("normal"));
            Assert.That(cdr.GetProperty("ended_by").GetString(), Is.EqualTo("server"));
            Assert.That(Flow(cdr), Is.EqualTo("demo/main: hangup normal at main/hangup@25:7"));
        });
    }

    [Test]
    public async Task Bank_number_routes_to_the_bank_whose_short_account_number_ends_unavailable()
    {
        // 123# is no 8-digit account: three tries (two of them silent), no agent queues on this server, so the
        // identify subflow's fallback hangs up 'unavailable'.
        var run = await Sipp.RunAsync(_server, TimeSpan.FromSeconds(60), "-sf", RepoPaths.SippScenario("uac_dtmf.xml"), "-s", "+442079460101", "-m", "1");

        Assert.That(run.ExitCode, Is.Zero, run + _server.Log);
        var cdr = await ServerProcess.CdrForAsync(_server, c => Flow(c).StartsWith("bank/", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(cdr.GetProperty("digits").GetString(), Is.EqualTo("123"));
            Assert.That(cdr.GetProperty("cause").GetString(), Is.EqualTo("unavailable"));
            Assert.That(Flow(cdr), Does.StartWith("bank/main: hangup unavailable at identify/hangup@"));
            Assert.That(_server.Log, Does.Contain("no agent queues on this server: queue:advisers cannot take the call"));
        });
    }

    [Test]
    public async Task Outage_caller_pressing_0_is_referred_to_the_desk_and_a_declined_transfer_ends_in_goodbye()
    {
        // The outage lookup cannot reach its webhook here (fallback: the menu); the menu takes the
        // key for its spoken-or-keyed choice; the REFER is declined, so the agent step's fallback
        // plays and the flow runs on to goodbye and hangup.
        var run = await Sipp.RunAsync(_server, TimeSpan.FromSeconds(60), "-sf", RepoPaths.SippScenario("uac_outage_agent.xml"), "-s", "+13125550100", "-m", "1");

        Assert.That(run.ExitCode, Is.Zero, run + _server.Log);
        var cdr = await ServerProcess.CdrForAsync(_server, c => Flow(c).StartsWith("outage/", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(cdr.GetProperty("digits").GetString(), Is.EqualTo("0"));
            Assert.That(cdr.GetProperty("cause").GetString(), Is.EqualTo("normal"));
            Assert.That(cdr.GetProperty("ended_by").GetString(), Is.EqualTo("server"));
            Assert.That(Flow(cdr), Does.StartWith("outage/main: hangup normal at main/hangup@"));
        });
    }

    [Test]
    public async Task Caller_hanging_up_during_the_welcome_ends_the_flow_and_the_cdr_says_where()
    {
        var run = await Sipp.RunAsync(_server, TimeSpan.FromSeconds(30), "-sn", "uac", "-s", "hangup-test", "-m", "1", "-d", "300");

        Assert.That(run.ExitCode, Is.Zero, run + _server.Log);
        var cdr = await ServerProcess.CdrForAsync(_server, c => c.GetProperty("to").GetString()!.Contains("hangup-test", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(cdr.GetProperty("cause").GetString(), Is.EqualTo("BYE"));
            Assert.That(cdr.GetProperty("ended_by").GetString(), Is.EqualTo("caller"));
            Assert.That(Flow(cdr), Does.StartWith("demo/main: caller-hangup hangup at main/"));
        });
    }

    internal static string Flow(JsonElement cdr) =>
        cdr.TryGetProperty("flow", out var flow) && flow.ValueKind == JsonValueKind.String ? flow.GetString()! : string.Empty;
}
