using Telephony.Dialplan.Simulation;

namespace Telephony.Dialplan.Tests.Runtime;

/// <summary>Initial and set values: unquoted numbers are numbers (the docs' counter works), everything else is text.</summary>
public class VariableValueTests
{
    private const string Plan = """
        dialplan: values
        variables:
          tries: 0
          code: 007
          quoted: '5'
        flows:
          main:
            - answer
            - name: again
              set:
                tries: ${tries + 1}
                joined: ${quoted + 1}
                price: 2.50
            - if: tries < 3
              then: again
            - play:
                - tts: ${tries} ${code} ${joined} ${price}
            - hangup
        """;

    [Test]
    public async Task A_counter_counts_and_text_stays_text()
    {
        var model = DialplanLoader.Parse("values.yaml", Plan, new DialplanOptions(null)).Model!;
        var lines = new List<string>();
        var request = new SimulationRequest("+15551234", "100", [], DateTimeOffset.UnixEpoch);
        using var http = new HttpClient();

        var result = await DialplanSimulator.RunAsync([model], request, http, lines.Add);

        Assert.Multiple(() =>
        {
            Assert.That(lines, Has.Exactly(3).StartsWith("  set tries = "));
            Assert.That(lines, Does.Contain("  set tries = 3"));
            Assert.That(lines, Does.Contain("  play tts \"3 007 51 2.5\""), "007 and '5' are text: + joins them");
            Assert.That(result.Result!.Cause, Is.EqualTo("normal"));
        });
    }
}
