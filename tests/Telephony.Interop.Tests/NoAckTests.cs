namespace Telephony.Interop.Tests;

/// <summary>
/// A sipp caller that takes the 200 OK and never ACKs it, nor answers our BYE (samples/sipp/uac_no_ack.xml),
/// against the demo dialplan with T1 = 50 ms (so 64·T1 is 3.2 s): the CDR and the call log say
/// "no ACK", each once.
/// </summary>
[NonParallelizable]
public class NoAckTests
{
    [Test]
    public async Task An_answer_never_acked_is_the_flows_outcome_and_is_logged_once()
    {
        await using var server = await ServerProcess.StartAsync("--dialplans", Path.Combine(RepoPaths.Root, "dialplans"), "--sip-t1", "50");

        // sipp must not send a BYE of its own when its scenario ends: the point is a caller that is gone.
        var run = await Sipp.RunAsync(server, TimeSpan.FromSeconds(30), "-sf", RepoPaths.SippScenario("uac_no_ack.xml"), "-m", "1", "-default_behaviors", "-bye");
        var cdr = await ServerProcess.CdrForAsync(server, c => c.GetProperty("cause").GetString() == "no-ack");
        var callId = cdr.GetProperty("call_id").GetString()!;
        var lines = server.Log.Split('\n').Where(l => l.Contains(callId, StringComparison.Ordinal)).ToList();
        var log = string.Join('\n', lines);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero, run + server.Log);
            Assert.That(cdr.GetProperty("ended_by").GetString(), Is.EqualTo("system"), server.Log);
            Assert.That(DialplanServeTests.Flow(cdr), Is.EqualTo("demo/main: no ACK for the answer at main/answer@9:7"), server.Log);
            Assert.That(lines.Count(l => l.Contains($"call {callId}: ", StringComparison.Ordinal) && (l.Contains("no ACK", StringComparison.Ordinal) || l.Contains("no-ack", StringComparison.Ordinal))),
                Is.EqualTo(1), "the call's end is one line of the call log:\n" + log);
            Assert.That(lines.Count(l => l.Contains($"no ACK for 200 OK of {callId}", StringComparison.Ordinal)), Is.EqualTo(1), "the stack says it gave up once:\n" + log);
        });
    }
}
