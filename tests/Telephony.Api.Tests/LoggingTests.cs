using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using Telephony.Api.Dialplans;
using Telephony.Storage.Cdr;

namespace Telephony.Api.Tests;

/// <summary>What the API writes to the server's log: failures with their cause, never a token.</summary>
public class LoggingTests
{
    [Test]
    public async Task Failures_are_logged_with_their_cause_and_no_token_is_ever_logged()
    {
        await using var server = await ApiServer.StartAsync();
        var logs = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var services = new ApiServices(server.Calls, server.Calls, server.Events, new SqliteCdrSearch(server.Database), new DialplanFolderCatalog(server.DialplanFolder, null));
        var options = new ApiOptions("127.0.0.1:0", [new Auth.ApiToken(Auth.ApiRole.Agent, ApiServer.AgentToken)]);
        await using var host = await TelephonyApi.StartAsync(options, services, factory);

        using var agent = new HttpClient { BaseAddress = host.BaseAddress };
        agent.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApiServer.AgentToken);
        using var guess = new HttpClient { BaseAddress = host.BaseAddress };
        guess.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "guessed-s3cr3t-token");
        server.Calls.ListFailure = new InvalidOperationException("registry broke");
        using (var failed = await agent.GetAsync("/calls"))
        {
            Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        }

        server.Calls.ListFailure = null;
        (await agent.GetAsync("/calls")).Dispose();
        (await guess.GetAsync("/calls")).Dispose();
        (await agent.PostAsync("/calls", Http.Json("{}"))).Dispose();

        var entries = logs.Entries.ToList();
        Assert.Multiple(() =>
        {
            Assert.That(entries.Any(e => e.Level == LogLevel.Error && e.Text.Contains("registry broke")), Is.True, string.Join("\n", entries.Select(e => e.Text)));
            Assert.That(entries.Any(e => e.Text.Contains("listening on")), Is.True);
            Assert.That(entries.Where(e => e.Text.Contains(ApiServer.AgentToken) || e.Text.Contains("guessed-s3cr3t-token")), Is.Empty);
            Assert.That(entries.Where(e => e.Level < LogLevel.Warning && e.Category.StartsWith("Microsoft.AspNetCore")), Is.Empty, "no per-request chatter");
        });
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<(string Category, LogLevel Level, string Text)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Entries.Enqueue((category, logLevel, formatter(state, exception) + (exception is null ? string.Empty : " " + exception)));
        }
    }
}
