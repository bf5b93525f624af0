using Telephony.Dialplan.Simulation;

namespace Telephony.Dialplan.Tests.Runtime;

/// <summary>
/// The record step on a simulated call sets what a real call sets: the path, NAME_duration,
/// NAME_reason, NAME_key and (with transcribe) NAME_text, read back by a later step.
/// </summary>
public class RecordSimulationTests
{
    private const string Plan = """
        dialplan: voicemail
        flows:
          main:
            - answer
            - record: message
              silence: 3s
              max_length: 30s
              transcribe: true
            - play:
                - tts: "[${message}] [${message_duration}] [${message_reason}] [${message_key}] [${message_text}]"
            - hangup
        """;

    [TestCase("say:please call me back #", "recordings/sim-", "1.6", "key", "#", "please call me back")]
    [TestCase("say:please call me back wait:1s say:soon wait:5s", "recordings/sim-", "6", "silence", "", "please call me back soon")]
    [TestCase("wait:5s", "", "0", "silence", "", "")]
    [TestCase("5 say:hello #", "recordings/sim-", "0.4", "key", "#", "hello")]
    public async Task The_step_sets_its_variables(string input, string path, string duration, string reason, string key, string text)
    {
        var lines = await RunAsync(input);
        var said = lines.Single(l => l.StartsWith("  play tts", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(said, Does.Contain($"[{path}"));
            Assert.That(said, Does.Contain($"] [{duration}] [{reason}] [{key}] [{text}]"));
            Assert.That(lines, Has.Some.EqualTo("  beep"));
        });
    }

    [Test]
    public async Task A_caller_hanging_up_mid_message_keeps_it_and_the_flow_stops()
    {
        var lines = await RunAsync("say:please call me hangup");
        Assert.Multiple(() =>
        {
            Assert.That(lines, Has.Some.EqualTo("  recorded \"please call me\""));
            Assert.That(lines, Has.Some.EqualTo("  caller hangs up"));
            Assert.That(lines, Has.None.StartsWith("  play tts"), "the flow stops at the step the call ended in");
        });
    }

    private static async Task<List<string>> RunAsync(string input)
    {
        var model = DialplanLoader.Parse("voicemail.yaml", Plan, new DialplanOptions(null)).Model!;
        var lines = new List<string>();
        var request = new SimulationRequest("+15551234", "100", SimulatedInput.Parse(input), DateTimeOffset.UnixEpoch);
        using var http = new HttpClient();
        await DialplanSimulator.RunAsync([model], request, http, lines.Add);
        TestContext.Out.WriteLine(string.Join("\n", lines));
        return lines;
    }
}
