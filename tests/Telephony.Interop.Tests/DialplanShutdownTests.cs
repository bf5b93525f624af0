using System.Net.Http.Headers;
using System.Text.Json;

namespace Telephony.Interop.Tests;

/// <summary>
/// SIGTERM while a sipp caller is keying digits into the demo dialplan's gather: the CDR says
/// the call ended by shutdown, and its flow column says where the call really was.
/// </summary>
[NonParallelizable]
public class DialplanShutdownTests
{
    private const string Token = "shutdown-token-1234567890";

    [Test]
    public async Task A_shutdown_during_the_gather_is_the_cdrs_flow_outcome_at_the_gather()
    {
        var tokens = Path.Combine(Path.GetTempPath(), "tokens-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(tokens, $"admin:{Token}\n");
        await using var server = await ServerProcess.StartAsync("--dialplans", Path.Combine(RepoPaths.Root, "dialplans"), "--api-tokens", tokens);
        using var http = new HttpClient { BaseAddress = await server.ApiAsync(), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);

        var caller = Sipp.RunAsync(server, TimeSpan.FromSeconds(60), "-sf", RepoPaths.SippScenario("uac_dtmf.xml"), "-m", "1");
        var step = await WaitForStepAsync(http, "main/gather@");
        await server.StopAsync();
        await caller;

        var cdr = (await server.CdrsAsync()).Single();
        Assert.Multiple(() =>
        {
            Assert.That(step, Is.EqualTo("main/gather@12:7"), server.Log);
            Assert.That(cdr.GetProperty("cause").GetString(), Is.EqualTo("shutdown"), server.Log);
            Assert.That(DialplanServeTests.Flow(cdr), Is.EqualTo("demo/main: interrupted by shutdown at main/gather@12:7"), server.Log);
        });
    }

    /// <summary>Polls GET /calls until the one call's step starts with <paramref name="prefix"/>; returns that step.</summary>
    private static async Task<string> WaitForStepAsync(HttpClient http, string prefix)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            using var live = JsonDocument.Parse(await http.GetStringAsync(new Uri("calls", UriKind.Relative)));
            foreach (var call in live.RootElement.GetProperty("calls").EnumerateArray())
            {
                if (call.GetProperty("step").GetString() is { } step && step.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return step;
                }
            }

            await Task.Delay(50);
        }

        Assert.Fail($"no call reached {prefix} within 30 s");
        return string.Empty;
    }
}
