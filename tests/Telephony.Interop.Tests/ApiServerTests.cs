using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Telephony.Interop.Tests;

/// <summary>
/// The HTTP API of a real <c>telephony serve</c> over real HTTP, with real sipp callers: live
/// calls, hang-up by id, the event stream of a call (in order, resumed with Last-Event-ID), and
/// /metrics checked by promtool against the calls made.
/// </summary>
public class ApiServerTests
{
    private const string Admin = "admin-token-1234567890";
    private const string Agent = "agent-token-1234567890";

    private static async Task<(ServerProcess Server, HttpClient Http)> StartAsync(params string[] extraArgs)
    {
        var tokens = Path.Combine(Path.GetTempPath(), "tokens-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(tokens, $"# test tokens\nadmin:{Admin}\nagent:{Agent}\n");
        var server = await ServerProcess.StartAsync(["--api-tokens", tokens, .. extraArgs]);
        var http = new HttpClient { BaseAddress = await server.ApiAsync(), Timeout = TimeSpan.FromSeconds(30) };
        return (server, http);
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string token)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient http, string path, string token = Agent)
    {
        using var response = await http.SendAsync(Request(HttpMethod.Get, path, token));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Test]
    public async Task A_live_call_is_listed_and_hung_up_by_id()
    {
        var (server, http) = await StartAsync("--digit-timeout", "600000");
        await using var _ = server;
        using var __ = http;

        // The built-in flow waits for digits: the call stays up until the API hangs it up.
        var caller = Sipp.RunAsync(server, TimeSpan.FromSeconds(60), "-sn", "uac", "-m", "1", "-d", "30000");
        JsonElement live = default;
        for (var i = 0; i < 200; i++)
        {
            live = await GetJsonAsync(http, "/calls");
            if (live.GetProperty("count").GetInt32() == 1 && live.GetProperty("calls")[0].GetProperty("state").GetString() == "answered")
            {
                break;
            }

            await Task.Delay(100);
        }

        var call = live.GetProperty("calls")[0];
        var id = call.GetProperty("id").GetString()!;
        Assert.Multiple(() =>
        {
            Assert.That(call.GetProperty("direction").GetString(), Is.EqualTo("inbound"));
            Assert.That(call.GetProperty("state").GetString(), Is.EqualTo("answered"));
            Assert.That(call.GetProperty("codec").GetString(), Is.EqualTo("PCMU"));
        });

        using (var forbidden = await http.SendAsync(Request(HttpMethod.Delete, "/calls/" + Uri.EscapeDataString(id), Agent)))
        {
            Assert.That(forbidden.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "an agent may watch calls, not end them");
        }

        using (var hangup = await http.SendAsync(Request(HttpMethod.Delete, "/calls/" + Uri.EscapeDataString(id), Admin)))
        {
            Assert.That(hangup.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await hangup.Content.ReadAsStringAsync());
        }

        // sipp's -sn uac treats our BYE as an unexpected message and fails; what counts is that the call ended at once.
        await caller;
        var cdr = (await server.WaitForCdrsAsync(1)).Single();
        var ended = await GetJsonAsync(http, "/calls/" + Uri.EscapeDataString(id));
        Assert.Multiple(() =>
        {
            Assert.That(cdr.GetProperty("ended_by").GetString(), Is.EqualTo("server"));
            Assert.That(cdr.GetProperty("cause").GetString(), Is.EqualTo("api"));
            Assert.That(ended.GetProperty("state").GetString(), Is.EqualTo("ended"));
            Assert.That(ended.GetProperty("cause").GetString(), Is.EqualTo("api"));
        });
    }

    [Test]
    public async Task The_event_stream_sees_a_sipp_call_in_order_and_resumes_after_the_last_event_id()
    {
        var (server, http) = await StartAsync();
        await using var _ = server;
        using var __ = http;
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var live = new List<JsonElement>();
        var watching = ReadEventsAsync(http, null, live, e => e.GetProperty("type").GetString() == "call.ended", cancel.Token);

        // The demo flow: answer, welcome, digits 1 2 3 #, read back, goodbye, BYE from us.
        var caller = await Sipp.RunAsync(server, TimeSpan.FromSeconds(60), "-sf", RepoPaths.SippScenario("uac_dtmf.xml"), "-m", "1");
        Assert.That(caller.ExitCode, Is.Zero, caller.ToString());
        await watching;

        var types = live.Select(e => e.GetProperty("type").GetString()).ToList();
        var ids = live.Select(e => e.GetProperty("id").GetInt64()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(types[0], Is.EqualTo("call.started"));
            Assert.That(types, Does.Contain("call.answered"));
            Assert.That(types.IndexOf("call.answered"), Is.LessThan(types.IndexOf("call.dtmf")));
            Assert.That(live.Where(e => e.GetProperty("type").GetString() == "call.dtmf").Select(e => e.GetProperty("digit").GetString()),
                Is.EqualTo(new[] { "1", "2", "3" }).Or.EqualTo(new[] { "1", "2", "3", "#" }));
            Assert.That(types[^1], Is.EqualTo("call.ended"));
            Assert.That(ids, Is.Ordered.Ascending);
            Assert.That(ids.Distinct().Count(), Is.EqualTo(ids.Count));
            Assert.That(live.Select(e => e.GetProperty("call_id").GetString()).Distinct().Count(), Is.EqualTo(1));
            Assert.That(live[0].GetProperty("direction").GetString(), Is.EqualTo("inbound"));
        });

        // A client that saw up to the answer reconnects and gets exactly what came after it.
        var answered = ids[types.IndexOf("call.answered")];
        var resumed = new List<JsonElement>();
        await ReadEventsAsync(http, answered, resumed, e => e.GetProperty("type").GetString() == "call.ended", cancel.Token);
        Assert.That(resumed.Select(e => e.GetProperty("id").GetInt64()), Is.EqualTo(ids.Where(i => i > answered)));
    }

    [Test]
    public async Task Metrics_pass_promtool_and_count_the_calls_made()
    {
        var (server, http) = await StartAsync();
        await using var _ = server;
        using var __ = http;

        var callers = await Sipp.RunAsync(server, TimeSpan.FromSeconds(60), "-sn", "uac", "-m", "3", "-r", "3");
        Assert.That(callers.ExitCode, Is.Zero, callers.ToString());
        await server.WaitForCdrsAsync(3);

        string text = string.Empty;
        for (var i = 0; i < 100; i++)
        {
            using var response = await http.GetAsync("/metrics");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            text = await response.Content.ReadAsStringAsync();
            if (Sum(text, "telephony_calls_total") >= 3)
            {
                break;
            }

            await Task.Delay(100);
        }

        var file = Path.Combine(Path.GetTempPath(), "metrics-" + Guid.NewGuid().ToString("N") + ".txt");
        await File.WriteAllTextAsync(file, text);
        var promtool = ProcessRunner.Require("promtool", "prometheus");
        var check = await ProcessRunner.RunAsync("bash", ["-c", $"'{promtool}' check metrics < '{file}'"], TimeSpan.FromSeconds(30));
        File.Delete(file);
        Assert.Multiple(() =>
        {
            Assert.That(check.ExitCode, Is.Zero, check.ToString());
            Assert.That(Sum(text, "telephony_calls_total{direction=\"inbound\""), Is.EqualTo(3), text);
            Assert.That(Sum(text, "telephony_sip_requests_total{method=\"INVITE\"}"), Is.EqualTo(3), text);
            Assert.That(Sum(text, "telephony_sip_requests_total{method=\"BYE\"}"), Is.EqualTo(3), text);
            Assert.That(Sum(text, "telephony_sip_responses_total{code=\"200\"}"), Is.GreaterThanOrEqualTo(6), "200 to each INVITE and each BYE");
            Assert.That(Sum(text, "telephony_calls_active"), Is.Zero);
            Assert.That(Sum(text, "telephony_rtp_packets_total{direction=\"sent\"}"), Is.GreaterThan(0));
            Assert.That(Sum(text, "telephony_media_clock_lateness_seconds_count"), Is.GreaterThan(0));
            Assert.That(Sum(text, "telephony_speech_pool_workers"), Is.EqualTo(Environment.ProcessorCount), "the server's one speech pool, a thread per core");
            Assert.That(text, Does.Contain("telephony_speech_pool_queue_wait_seconds_bucket{le=\"+Inf\"}"));
        });
    }

    [Test]
    public async Task Cdrs_dialplans_auth_and_bad_bodies_answer_on_the_real_server()
    {
        var (server, http) = await StartAsync();
        await using var _ = server;
        using var __ = http;
        var caller = await Sipp.RunAsync(server, TimeSpan.FromSeconds(60), "-sn", "uac", "-m", "1");
        Assert.That(caller.ExitCode, Is.Zero, caller.ToString());
        var stored = (await server.WaitForCdrsAsync(1)).Single();

        async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, string? body = null, string type = "application/json")
        {
            var request = new HttpRequestMessage(method, path);
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, type);
            }

            return await http.SendAsync(request);
        }

        async Task<(HttpStatusCode Status, JsonElement Body)> JsonAsync(HttpResponseMessage response)
        {
            using (response)
            {
                var text = await response.Content.ReadAsStringAsync();
                return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
            }
        }

        var cdrs = await JsonAsync(await SendAsync(HttpMethod.Get, "/cdrs?direction=inbound&limit=10", Admin));
        var noToken = await JsonAsync(await SendAsync(HttpMethod.Get, "/calls", null));
        var agentOnCdrs = await JsonAsync(await SendAsync(HttpMethod.Get, "/cdrs", Agent));
        var dialplans = await JsonAsync(await SendAsync(HttpMethod.Get, "/dialplans", Admin));
        var invalid = await JsonAsync(await SendAsync(HttpMethod.Post, "/dialplans/validate", Admin, "dialplan: x\nflows:\n  main:\n    - hangupp\n", "application/yaml"));
        var unknownField = await JsonAsync(await SendAsync(HttpMethod.Post, "/calls", Admin, """{"to":"sip:a@127.0.0.1:9","flwo":"demo/main"}"""));
        var wrongType = await JsonAsync(await SendAsync(HttpMethod.Post, "/calls", Admin, """{"to":42}"""));
        var malformed = await JsonAsync(await SendAsync(HttpMethod.Post, "/calls", Admin, """{"to":"sip:a@b" """));
        var oversized = await JsonAsync(await SendAsync(HttpMethod.Post, "/calls", Admin, "{\"to\":\"" + new string('1', 100_000) + "\"}"));
        var unknownCall = await JsonAsync(await SendAsync(HttpMethod.Post, "/calls/no-such-call/transfer", Admin, """{"target":"sip:a@127.0.0.1:9"}"""));
        using var health = await http.GetAsync("/healthz");
        using var ready = await http.GetAsync("/readyz");
        using var openapi = await http.GetAsync("/openapi.json");
        Assert.Multiple(() =>
        {
            Assert.That(cdrs.Status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(cdrs.Body.GetProperty("cdrs").EnumerateArray().Select(c => c.GetProperty("call_id").GetString()),
                Is.EqualTo(new[] { stored.GetProperty("call_id").GetString() }));
            Assert.That(cdrs.Body.GetProperty("cdrs")[0].GetProperty("direction").GetString(), Is.EqualTo("inbound"));
            Assert.That(noToken.Status, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(agentOnCdrs.Status, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(dialplans.Status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(dialplans.Body.GetProperty("dialplans").ValueKind, Is.EqualTo(JsonValueKind.Array));
            Assert.That(invalid.Status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(invalid.Body.GetProperty("valid").GetBoolean(), Is.False);
            Assert.That(invalid.Body.GetProperty("errors")[0].GetProperty("line").GetInt32(), Is.EqualTo(4));
            Assert.That((unknownField.Status, unknownField.Body.GetProperty("field").GetString()), Is.EqualTo((HttpStatusCode.BadRequest, "flwo")));
            Assert.That((wrongType.Status, wrongType.Body.GetProperty("field").GetString()), Is.EqualTo((HttpStatusCode.BadRequest, "to")));
            Assert.That(malformed.Status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(oversized.Status, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
            Assert.That(unknownCall.Status, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(openapi.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    /// <summary>The sum of every sample whose line starts with <paramref name="prefix"/> (a name, or a name and some labels).</summary>
    private static double Sum(string metrics, string prefix) => metrics.Split('\n')
        .Where(l => l.StartsWith(prefix, StringComparison.Ordinal) && (l.Length == prefix.Length || l[prefix.Length] is ' ' or '{' or ',' or '}'))
        .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Reads /events (resuming after <paramref name="afterId"/>) into <paramref name="into"/> until <paramref name="last"/> matches.</summary>
    private static async Task ReadEventsAsync(HttpClient http, long? afterId, List<JsonElement> into, Func<JsonElement, bool> last, CancellationToken cancel)
    {
        using var request = Request(HttpMethod.Get, "/events", Agent);
        if (afterId is { } id)
        {
            request.Headers.Add("Last-Event-ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel), Encoding.UTF8);
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(cancel) is { } line)
        {
            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data.Append(line[5..].TrimStart());
            }
            else if (line.Length == 0 && data.Length > 0)
            {
                var e = JsonDocument.Parse(data.ToString()).RootElement.Clone();
                data.Clear();
                into.Add(e);
                if (last(e))
                {
                    return;
                }
            }
        }
    }
}
