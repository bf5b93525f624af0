namespace Telephony.Interop.Tests;

/// <summary>The acceptance load: 1000 sipp calls at 50 calls/s, every one a success and a CDR.</summary>
[NonParallelizable]
public class LoadTests
{
    [Test]
    public async Task A_thousand_calls_at_50_per_second_all_succeed_and_leave_a_thousand_cdrs()
    {
        await using var server = await ServerProcess.StartAsync("--quiet");

        var run = await Sipp.RunAsync(server, TimeSpan.FromSeconds(120), "-sn", "uac", "-r", "50", "-m", "1000");

        Assert.That(run.ExitCode, Is.Zero, run + server.Log);
        var cdrs = await server.WaitForCdrsAsync(1000);
        Assert.Multiple(() =>
        {
            Assert.That(cdrs, Has.Count.EqualTo(1000));
            Assert.That(cdrs.Select(c => c.GetProperty("call_id").GetString()).Distinct().Count(), Is.EqualTo(1000));
            Assert.That(cdrs.All(c => c.GetProperty("sip_status").GetInt32() == 200), Is.True);
        });
    }
}
