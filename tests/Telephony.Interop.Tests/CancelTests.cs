namespace Telephony.Interop.Tests;

/// <summary>A server that rings for 3 s before answering, so callers can give up while it rings.</summary>
[NonParallelizable]
public class CancelTests
{
    private ServerProcess _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await ServerProcess.StartAsync("--ring-time", "3000");

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [Test]
    public async Task Cancel_before_answer_gets_487_and_a_caller_cdr()
    {
        var run = await Sipp.RunAsync(_server, TimeSpan.FromSeconds(30), "-sf", RepoPaths.SippScenario("uac_cancel.xml"), "-m", "1");

        Assert.That(run.ExitCode, Is.Zero, run + _server.Log);
        var cdr = (await _server.WaitForCdrsAsync(1))[0];
        Assert.Multiple(() =>
        {
            Assert.That(cdr.GetProperty("ended_by").GetString(), Is.EqualTo("caller"));
            Assert.That(cdr.GetProperty("cause").GetString(), Is.EqualTo("CANCEL"));
            Assert.That(cdr.GetProperty("sip_status").GetInt32(), Is.EqualTo(487));
            Assert.That(cdr.GetProperty("answered_at").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
        });
    }
}
