using System.Net.Http.Headers;
using System.Text.Json;

namespace Telephony.Interop.Tests;

/// <summary>
/// <c>kill -9</c> with calls up (issue 15, item 6): every call in progress has its CDR row after
/// the restart, closed as <c>interrupted</c> at the time the killed server was last known alive.
/// </summary>
public class CrashCdrTests
{
    private const string Agent = "agent-token-1234567890";

    [Test]
    public async Task Calls_up_at_a_kill_9_have_their_rows_closed_as_interrupted_after_the_restart()
    {
        var tokens = Path.Combine(Path.GetTempPath(), "tokens-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(tokens, $"# test tokens\nagent:{Agent}\n");
        Task<ProcessRunner.Result>? callers = null;
        try
        {
            // The built-in flow waits for digits: the calls stay up until sipp's BYE, 20 s after the answer.
            var killed = await ServerProcess.StartAsync("--api-tokens", tokens, "--digit-timeout", "600000");
            killed.KeepData = true;
            DateTimeOffset killedAt;
            try
            {
                using var http = new HttpClient { BaseAddress = await killed.ApiAsync(), Timeout = TimeSpan.FromSeconds(30) };
                callers = Sipp.RunAsync(killed, TimeSpan.FromSeconds(40), "-sn", "uac", "-m", "10", "-l", "10", "-r", "10", "-d", "20000");
                await WaitForAnsweredAsync(http, 10, killed);
                killedAt = DateTimeOffset.UtcNow;
                await killed.KillAsync();
            }
            finally
            {
                await killed.DisposeAsync(); // the data folder stays for the restart
            }

            await using var restarted = await ServerProcess.StartInAsync(killed.DataFolder);
            var rows = await restarted.CdrsAsync();
            Assert.Multiple(() =>
            {
                Assert.That(rows, Has.Count.EqualTo(10), "one row per call in progress at the kill:\n" + string.Join("\n", rows) + "\n" + restarted.Log);
                foreach (var row in rows)
                {
                    Assert.That(row.GetProperty("cause").GetString(), Is.EqualTo("interrupted"), row.ToString());
                    Assert.That(row.GetProperty("ended_by").GetString(), Is.EqualTo("system"), row.ToString());
                    Assert.That(row.GetProperty("answered_at").ValueKind, Is.EqualTo(JsonValueKind.String), "answered before the kill: " + row);
                    Assert.That(row.GetProperty("sip_status").GetInt32(), Is.EqualTo(200), row.ToString());
                    if (row.GetProperty("answered_at").ValueKind == JsonValueKind.String)
                    {
                        var ended = row.GetProperty("ended_at").GetDateTimeOffset();
                        Assert.That(ended, Is.LessThanOrEqualTo(killedAt.AddSeconds(1)), "ended when last known alive, not at the restart: " + row);
                        Assert.That(ended, Is.GreaterThanOrEqualTo(row.GetProperty("answered_at").GetDateTimeOffset()), row.ToString());
                    }
                }

                Assert.That(restarted.Log, Does.Contain("CDR: 10 call leg(s) left in progress by a previous run recorded as interrupted"));
            });
        }
        finally
        {
            File.Delete(tokens);

            // sipp's BYEs go to a dead server: its calls fail, and it stops by its own timeout.
            if (callers is not null)
            {
                await callers;
            }
        }
    }

    private static async Task WaitForAnsweredAsync(HttpClient http, int count, ServerProcess server)
    {
        for (var i = 0; i < 300; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/calls");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Agent);
            using var response = await http.SendAsync(request);
            var live = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            if (live.GetProperty("calls").EnumerateArray().Count(c => c.GetProperty("state").GetString() == "answered") >= count)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"{count} calls were not answered within 30 s:\n{server.Log}");
    }
}
