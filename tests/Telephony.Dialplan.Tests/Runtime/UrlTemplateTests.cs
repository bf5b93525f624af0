using Telephony.Dialplan.Runtime;
using Telephony.Dialplan.Simulation;

namespace Telephony.Dialplan.Tests.Runtime;

/// <summary>
/// Values inserted into an http step's URL arrive percent-encoded for where they stand (RFC 3986:
/// one path segment, or one query value), checked on the request line a real listener received;
/// raw() inserts a value as it is.
/// </summary>
public class UrlTemplateTests
{
    private const string Plan = """
        dialplan: urls
        variables:
          base: ''
          note: 'a&b=c d/é#?'
          account: '12 34/5?'
          extra: 'x%2By&z=1'
        flows:
          main:
            - http: ${base}/callers/${caller}/accounts/${account}?from=${caller}&note=${note}&${raw(extra)}
              timeout: 2s
              fallback:
                - hangup: error
            - hangup
        """;

    private static readonly HttpClient Http = new();

    [Test]
    public async Task Path_segments_and_query_values_are_encoded_and_raw_is_not()
    {
        using var server = new WebhookServer().On("GET", "/callers/+13125550123/accounts/12%2034%2F5%3F", 200, "{}");

        var result = await RunAsync(server.Url);

        Assert.Multiple(() =>
        {
            Assert.That(server.RawTargets.Single(), Is.EqualTo("/callers/+13125550123/accounts/12%2034%2F5%3F?from=%2B13125550123&note=a%26b%3Dc%20d/%C3%A9%23?&x%2By&z=1"));
            Assert.That(result.Cause, Is.EqualTo("normal"), "the listener found the path");
        });
    }

    [TestCase("http://127.0.0.1:1/a/${x}", "http://127.0.0.1:1/a/+1%201%2F", Description = "a path segment: '+' is itself there")]
    [TestCase("http://127.0.0.1:1/a?q=${x}", "http://127.0.0.1:1/a?q=%2B1%201/", Description = "a query value")]
    [TestCase("http://127.0.0.1:1/a#${x}", "http://127.0.0.1:1/a#%2B1%201/", Description = "the fragment, like a query value")]
    [TestCase("${x}", "+1 1/", Description = "a lone insertion is the whole URL: inserted as it is")]
    [TestCase("http://${x}/a", "http://+1 1//a", Description = "the host is inserted as it is")]
    [TestCase("http://127.0.0.1:1/${raw(x)}?${raw(x)}", "http://127.0.0.1:1/+1 1/?+1 1/", Description = "raw() is never encoded")]
    public void Each_insertion_is_encoded_for_its_part_of_the_url(string url, string expected)
    {
        var (template, error) = Telephony.Dialplan.Expressions.TemplateParser.Parse(url);
        Assert.That(error, Is.Null);
        var scope = new Scope("+1 1/");

        Assert.That(UrlTemplate.Render(template!, scope), Is.EqualTo(expected));
    }

    private static async Task<FlowResult> RunAsync(string baseUrl)
    {
        var loaded = DialplanLoader.Parse("urls.yaml", Plan, new DialplanOptions(null));
        Assert.That(loaded.Diagnostics.Select(d => d.ToString()), Is.Empty);
        var model = loaded.Model!;
        var clock = new SimulationClock(DateTimeOffset.UnixEpoch);
        using var call = new SimulatedCall("+13125550123", "100", [], clock, _ => { });
        var runner = new FlowRunner(new RouteMatch(model, model.Flows["main"], null), call, CallInfo.From(call), new FlowRuntimeOptions(Http, clock), NullFlowObserver.Instance);
        runner.Variables.Set("base", baseUrl);
        return await runner.RunAsync();
    }

    /// <summary>Every variable reads as the same value.</summary>
    private sealed class Scope(string value) : IEvaluationScope
    {
        public object? Read(string name) => value;

        public string Header(string name) => string.Empty;

        public bool IsOpen(string window) => false;
    }
}
