using Telephony.Dialplan.Model;
using Telephony.Dialplan.Runtime;
using Telephony.Dialplan.Simulation;

namespace Telephony.Dialplan.Tests.Runtime;

/// <summary>Runs simulated calls through a sample dialplan, as <c>telephony dialplan simulate</c> does.</summary>
internal static class Simulation
{
    private static readonly HttpClient Http = new();

    // The first request of a process pays for JIT and connection set-up; on a busy machine that
    // can exceed a sample's 2 s webhook timeout and turn a success branch into its fallback.
    private static readonly Lazy<bool> WarmedUp = new(() =>
    {
        using var server = new WebhookServer().On("GET", "/", 200, "{}");
        using var response = Http.GetAsync(new Uri(server.Url + "/")).GetAwaiter().GetResult();
        return response.IsSuccessStatusCode;
    });

    public static DialplanModel Sample(string name)
    {
        var result = DialplanLoader.LoadFile(TestPaths.Sample(name), new DialplanOptions(null));
        Assert.That(result.Diagnostics, Is.Empty, name);
        return result.Model!;
    }

    public static SimulationResult Run(
        string sample,
        string from,
        string to,
        string input,
        string at = "2026-12-01T10:00",
        Dictionary<string, string>? headers = null,
        Dictionary<string, string>? variables = null)
    {
        _ = WarmedUp.Value;
        var model = Sample(sample);
        var request = new SimulationRequest(from, to, SimulatedInput.Parse(input), DialplanSimulator.ParseTime(at, model.TimeZone), headers, variables);
        var result = DialplanSimulator.RunAsync([model], request, Http).GetAwaiter().GetResult();
        TestContext.Out.WriteLine(result.Text);
        return result;
    }

    /// <summary>The ids of the steps entered, in order, as "flow/step".</summary>
    public static IReadOnlyList<string> Steps(this SimulationResult result) =>
        [.. result.Transcript.Where(l => l.StartsWith('[')).Select(l => l[1..l.IndexOf(']', StringComparison.Ordinal)] + "/" + l[(l.IndexOf(']', StringComparison.Ordinal) + 2)..].Split(' ')[0])];

    public static bool Played(this SimulationResult result, string text) =>
        result.Transcript.Any(l => l.StartsWith("  play ", StringComparison.Ordinal) && l.Contains(text, StringComparison.Ordinal));

    public static FlowResult Outcome(this SimulationResult result) => result.Result ?? throw new AssertionException("no route took the call");
}
