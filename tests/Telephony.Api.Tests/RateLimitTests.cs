using System.Net;

namespace Telephony.Api.Tests;

/// <summary>429 past the per-token and per-address limits (a server with tiny limits of its own).</summary>
public class RateLimitTests
{
    [Test]
    public async Task A_token_past_its_limit_gets_429_with_retry_after_while_other_tokens_go_on()
    {
        await using var server = await ApiServer.StartAsync(o => o with { RequestsPerTokenPerMinute = 3, RequestsPerAddressPerMinute = 1000 });
        using var agent = server.Create(ApiServer.AgentToken);
        for (var i = 0; i < 3; i++)
        {
            using var ok = await agent.GetAsync("/calls");
            Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"request {i + 1}");
        }

        using var limited = await agent.GetAsync("/calls");
        await Http.ProblemAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.That(limited.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));

        using var other = await server.Create(ApiServer.SupervisorToken).GetAsync("/calls");
        Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.OK), "limits are per token");

        using var health = await agent.GetAsync("/healthz");
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK), "health checks are never limited");
    }

    [Test]
    public async Task An_address_guessing_tokens_gets_429_after_its_limit()
    {
        await using var server = await ApiServer.StartAsync(o => o with { RequestsPerTokenPerMinute = 1000, RequestsPerAddressPerMinute = 5 });
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            using var guess = server.Create("guess-" + i);
            using var response = await guess.GetAsync("/calls");
            statuses.Add(response.StatusCode);
        }

        Assert.That(statuses, Is.EqualTo(Enumerable.Repeat(HttpStatusCode.Unauthorized, 5).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 2))));
    }
}
