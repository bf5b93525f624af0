using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Telephony.Dialplan.Model;
using Telephony.Dialplan.Model.Steps;
using Telephony.Dialplan.Runtime;

namespace Telephony.Dialplan.Tests.Runtime;

/// <summary>The http step against a real local server: body types, mapping, and every kind of failure.</summary>
public class HttpStepRunnerTests
{
    private const string Plan = """
        dialplan: hooks
        variables:
          base: ''
          count: 0
        flows:
          main:
            - set:
                count: ${2 + 1}
            - http: ${base}/hook
              body:
                text: ${caller}
                typed: ${count}
                fixed: 7
                flag: true
                nothing: null
                quoted: '7'
                list:
                  - a
                  - ${count}
              timeout: 500ms
              map:
                first: items[0].name
                total: total
                ok: ok
              fallback:
                - hangup: error
            - hangup
        """;

    private static readonly HttpClient Http = new();

    /// <summary>The first request of a process pays for JIT and connection set-up, which can exceed the plan's 500 ms timeout on a busy machine.</summary>
    [OneTimeSetUp]
    public async Task WarmUp()
    {
        using var server = new WebhookServer().On("GET", "/", 200, "{}");
        using var response = await Http.GetAsync(new Uri(server.Url + "/"));
        await RunAsync(server.Url);
    }

    [Test]
    public async Task Body_keeps_json_types_and_mapped_fields_keep_theirs()
    {
        using var server = new WebhookServer().On("POST", "/hook", 200, """{"items": [{"name": "x"}], "total": 12.50, "ok": true}""");

        var (result, vars) = await RunAsync(server.Url);

        using var body = JsonDocument.Parse(server.Requests.Single().Body);
        Assert.Multiple(() =>
        {
            Assert.That(result.Cause, Is.EqualTo("normal"));
            Assert.That(body.RootElement.GetRawText(), Is.EqualTo("""{"text":"\u002B15551234","typed":3,"fixed":7,"flag":true,"nothing":null,"quoted":"7","list":["a",3]}"""));
            Assert.That(vars.Read("first"), Is.EqualTo("x"));
            Assert.That(vars.Read("total"), Is.EqualTo(12.5m));
            Assert.That(vars.Read("ok"), Is.EqualTo(true));
            Assert.That(vars.Read("http_status"), Is.EqualTo(200m));
        });
    }

    [TestCase(200, "not json", "the response is not JSON")]
    [TestCase(201, """{"items": []}""", "the response has no 'items[0].name'")]
    [TestCase(302, "{}", "status 302")]
    [TestCase(500, "{}", "status 500")]
    public async Task Bad_responses_take_the_fallback_and_assign_nothing(int status, string body, string error)
    {
        using var server = new WebhookServer().On("POST", "/hook", status, body);
        var notes = new List<string>();

        var (result, vars) = await RunAsync(server.Url, notes);

        Assert.Multiple(() =>
        {
            Assert.That(result.Cause, Is.EqualTo("error"), "the fallback hangs up with cause error");
            Assert.That(notes, Has.Some.Contains(error));
            Assert.That(vars.Read("first"), Is.EqualTo(string.Empty));
            Assert.That(vars.Read("http_status"), Is.EqualTo((decimal)status));
        });
    }

    [Test]
    public async Task Timeout_and_refused_connection_take_the_fallback_with_status_0()
    {
        using var slow = new WebhookServer().On("POST", "/hook", 200, "{}", delay: TimeSpan.FromSeconds(2));
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var closedPort = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var notes = new List<string>();

        var (timedOut, slowVars) = await RunAsync(slow.Url, notes);
        var (refused, refusedVars) = await RunAsync($"http://127.0.0.1:{closedPort}", notes);

        Assert.Multiple(() =>
        {
            Assert.That(timedOut.Cause, Is.EqualTo("error"));
            Assert.That(notes, Has.Some.Contains("no response within 0.5s"));
            Assert.That(slowVars.Read("http_status"), Is.EqualTo(0m));
            Assert.That(refused.Cause, Is.EqualTo("error"));
            Assert.That(refusedVars.Read("http_status"), Is.EqualTo(0m));
        });
    }

    private static async Task<(FlowResult Result, CallVariables Vars)> RunAsync(string baseUrl, List<string>? notes = null)
    {
        var loaded = DialplanLoader.Parse("hooks.yaml", Plan, new DialplanOptions(null));
        Assert.That(loaded.Diagnostics.Select(d => d.ToString()), Is.Empty);
        var model = loaded.Model!;
        var clock = new Telephony.Dialplan.Simulation.SimulationClock(DateTimeOffset.UnixEpoch);
        using var call = new Telephony.Dialplan.Simulation.SimulatedCall("+15551234", "100", [], clock, _ => { });
        var observer = new NotesObserver(notes ?? []);
        var runner = new FlowRunner(new RouteMatch(model, model.Flows["main"], null), call, CallInfo.From(call), new FlowRuntimeOptions(Http, clock), observer);
        runner.Variables.Set("base", baseUrl);
        return (await runner.RunAsync(), runner.Variables);
    }

    private sealed class NotesObserver(List<string> notes) : IFlowObserver
    {
        public void StepEntered(Flow flow, Step step)
        {
        }

        public void VariableSet(string name, object? value)
        {
        }

        public void HttpCalled(string method, string url, int status, string? error) => notes.Add($"{method} {url}: {status} {error}");

        public void Note(string text) => notes.Add(text);
    }
}
