using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Telephony.Interop.Tests;

/// <summary>
/// <c>telephony call</c>, <c>calls</c> and <c>hangup</c> against a stand-in for the server's HTTP API:
/// a real HttpListener on loopback that answers as /work/notes/api-contract.md says, so the
/// requests the CLI sends and the way it prints outcomes and exits are checked over real HTTP.
/// It is a stand-in (the API is built in another slice), not the server.
/// </summary>
[NonParallelizable]
public class ApiClientCliTests
{
    /// <summary>The stand-in API: records each request; <see cref="Answer"/> decides the response.</summary>
    private sealed class StandInApi : IAsyncDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _loop;

        public StandInApi(Func<string, string, string, (int Status, string Body)> answer)
        {
            Answer = answer;
            Port = FreePorts.Sip();
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            _listener.Start();
            _loop = Task.Run(ServeAsync);
        }

        public int Port { get; }

        public string Url => $"http://127.0.0.1:{Port}";

        public Func<string, string, string, (int Status, string Body)> Answer { get; }

        public ConcurrentQueue<(string Method, string Path, string? Authorization, string Body)> Requests { get; } = new();

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                var body = await reader.ReadToEndAsync();
                var path = context.Request.Url!.AbsolutePath;
                Requests.Enqueue((context.Request.HttpMethod, path, context.Request.Headers["Authorization"], body));
                var (status, response) = Answer(context.Request.HttpMethod, path, body);
                context.Response.StatusCode = status;
                context.Response.ContentType = status >= 400 ? "application/problem+json" : "application/json";
                var bytes = Encoding.UTF8.GetBytes(response);
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
        }

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            _listener.Close();
            await _loop;
        }
    }

    private static Task<ProcessRunner.Result> Telephony(params string[] args) =>
        ProcessRunner.RunAsync("dotnet", [RepoPaths.TelephonyDll, .. args], TimeSpan.FromSeconds(60));

    private static string Call(string state, string extra = "") =>
        $$"""{"id":"c1","direction":"outbound","state":"{{state}}","from":"sip:robot@127.0.0.1","to":"sip:bob@127.0.0.1","started_at":"2026-12-02T06:00:00.000Z","answered_at":null,"codec":null,"flow":null,"step":null,"peer_call_id":null,"trunk":null,"quality":null,"legs":["c1"]{{extra}}}""";

    /// <summary>An API whose call c1 goes through <paramref name="states"/>, one per poll.</summary>
    private static StandInApi Placing(params string[] states)
    {
        var polls = 0;
        return new StandInApi((method, path, _) => (method, path) switch
        {
            ("POST", "/calls") => (202, """{"id":"c1","state":"setup","location":"/calls/c1"}"""),
            ("GET", "/calls/c1") => (200, states[Math.Min(Interlocked.Increment(ref polls) - 1, states.Length - 1)]),
            _ => (404, """{"type":"about:blank","title":"Not Found","status":404}"""),
        });
    }

    [Test]
    public async Task Call_posts_the_request_follows_the_call_and_exits_0_when_answered()
    {
        await using var api = Placing(Call("setup"), Call("ringing"), Call("ringing"), Call("answered"));

        var result = await Telephony("call", "sip:bob@127.0.0.1", "--from", "+15550001", "--trunk", "carrier", "--flow", "demo/main",
            "--var", "lang=en", "--var", "ticket=42", "--timeout", "20", "--server", api.Url, "--token", "adm1n");

        var post = api.Requests.First(r => r.Method == "POST");
        var body = JsonDocument.Parse(post.Body).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            Assert.That(result.Stdout, Is.EqualTo("call c1: setup\ncall c1: ringing\nanswered\n"));
            Assert.That(post.Path, Is.EqualTo("/calls"));
            Assert.That(post.Authorization, Is.EqualTo("Bearer adm1n"));
            Assert.That(body.GetProperty("to").GetString(), Is.EqualTo("sip:bob@127.0.0.1"));
            Assert.That(body.GetProperty("from").GetString(), Is.EqualTo("+15550001"));
            Assert.That(body.GetProperty("trunk").GetString(), Is.EqualTo("carrier"));
            Assert.That(body.GetProperty("flow").GetString(), Is.EqualTo("demo/main"));
            Assert.That(body.GetProperty("timeout").GetInt32(), Is.EqualTo(20));
            Assert.That(body.GetProperty("variables").GetProperty("ticket").GetString(), Is.EqualTo("42"));
            Assert.That(api.Requests.Where(r => r.Method == "GET").Select(r => r.Authorization), Is.All.EqualTo("Bearer adm1n"));
        });
    }

    [TestCase("busy", 486, "busy (486)")]
    [TestCase("no-answer", 487, "no answer (487)")]
    [TestCase("failed", 503, "failed (503 Service Unavailable)")]
    public async Task Call_prints_how_it_failed_and_exits_1(string cause, int status, string printed)
    {
        await using var api = Placing(Call("ringing"), Call("ended", $$""","ended_at":"2026-12-02T06:00:05.000Z","cause":"{{cause}}","sip_status":{{status}},"ended_by":"system" """));

        var result = await Telephony("call", "+15551234567", "--server", api.Url);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
            Assert.That(result.Stdout, Does.EndWith(printed + "\n"));
            Assert.That(api.Requests.First().Authorization, Is.Null);
        });
    }

    [Test]
    public async Task Server_and_token_come_from_the_environment_when_no_flag_is_given()
    {
        await using var api = Placing(Call("answered"));

        var result = await ProcessRunner.RunAsync("env", [$"TELEPHONY_SERVER={api.Url}", "TELEPHONY_TOKEN=fromenv", "dotnet", RepoPaths.TelephonyDll, "call", "sip:bob@127.0.0.1"], TimeSpan.FromSeconds(60));

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            Assert.That(api.Requests.First().Authorization, Is.EqualTo("Bearer fromenv"));
        });
    }

    [TestCase(401, "401 Unauthorized")]
    [TestCase(403, "403 Forbidden")]
    public async Task A_refused_token_exits_3_with_a_clear_message(int status, string message)
    {
        await using var api = new StandInApi((_, _, _) => (status, $$"""{"type":"about:blank","title":"no","status":{{status}},"detail":"token not accepted"}"""));

        var call = await Telephony("call", "sip:bob@127.0.0.1", "--server", api.Url, "--token", "wrong");
        var calls = await Telephony("calls", "--server", api.Url, "--token", "wrong");

        Assert.Multiple(() =>
        {
            Assert.That((call.ExitCode, calls.ExitCode), Is.EqualTo((3, 3)), call.ToString());
            Assert.That(call.Stderr, Does.StartWith("telephony: ").And.Contain(message).And.Contain("token not accepted"));
            Assert.That(calls.Stderr, Does.Contain(message));
        });
    }

    [Test]
    public async Task A_server_that_cannot_be_reached_exits_3_naming_it()
    {
        var port = FreePorts.Sip();

        var results = await Task.WhenAll(
            Telephony("call", "sip:bob@127.0.0.1", "--server", $"http://127.0.0.1:{port}"),
            Telephony("calls", "--server", $"http://127.0.0.1:{port}"),
            Telephony("hangup", "c1", "--server", $"http://127.0.0.1:{port}"));

        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => r.ExitCode), Is.All.EqualTo(3));
            Assert.That(results.Select(r => r.Stderr), Is.All.Contain($"cannot reach the server at http://127.0.0.1:{port}/"));
        });
    }

    [Test]
    public async Task An_invalid_request_refused_by_the_server_is_a_usage_error()
    {
        await using var api = new StandInApi((_, _, _) => (400, """{"type":"about:blank","title":"Bad Request","status":400,"detail":"no trunk named 'nope'","field":"trunk"}"""));

        var result = await Telephony("call", "+15551234567", "--trunk", "nope", "--server", api.Url);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Stderr, Is.EqualTo("telephony: the server refused the call (400: no trunk named 'nope' (trunk))\n"));
        });
    }

    [Test]
    public async Task Calls_prints_a_table_or_json_lines()
    {
        await using var api = new StandInApi((method, path, _) => (method, path) switch
        {
            ("GET", "/calls") => (200, $$"""{"calls":[{{Call("answered")}},{{Call("ringing").Replace("\"c1\"", "\"c2\"", StringComparison.Ordinal)}}],"count":2}"""),
            _ => (404, "{}"),
        });

        var table = await Telephony("calls", "--server", api.Url);
        var json = await Telephony("calls", "--json", "--server", api.Url);

        var lines = json.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(table.ExitCode, Is.Zero, table.ToString());
            Assert.That(table.Stdout, Does.StartWith("ID ").And.Contain("c1").And.Contain("answered").And.Contain("sip:robot@127.0.0.1 -> sip:bob@127.0.0.1"));
            Assert.That(table.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(3));
            Assert.That(lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()), Is.EqualTo(new[] { "c1", "c2" }));
        });
    }

    [Test]
    public async Task Hangup_deletes_the_call_and_exits_1_for_an_unknown_one()
    {
        await using var api = new StandInApi((method, path, _) => (method, path) switch
        {
            ("DELETE", "/calls/c1") => (202, """{"id":"c1","state":"ending"}"""),
            _ => (404, """{"type":"about:blank","title":"Not Found","status":404}"""),
        });

        var known = await Telephony("hangup", "c1", "--server", api.Url);
        var unknown = await Telephony("hangup", "c9", "--server", api.Url);

        Assert.Multiple(() =>
        {
            Assert.That((known.ExitCode, known.Stdout), Is.EqualTo((0, "c1: ending\n")));
            Assert.That((unknown.ExitCode, unknown.Stdout), Is.EqualTo((1, "no call c9\n")));
            Assert.That(api.Requests.Select(r => (r.Method, r.Path)), Is.EqualTo(new[] { ("DELETE", "/calls/c1"), ("DELETE", "/calls/c9") }));
        });
    }
}
