using System.Text.Json;
using Telephony.Dialplan.Runtime;
using Telephony.Dialplan.Simulation;

namespace Telephony.Dialplan.Tests.Runtime;

/// <summary>
/// Every branch of dialplans/outage.yaml, simulated, with the operations webhooks answered by a
/// real local HTTP server: routes, the nearby-outage check (outage, none, failing, too slow), the
/// speech/key menu and its retries, reporting (address, callback, ticket webhook ok and
/// failing), status (each case, default, webhook failure, bad number) and the agent transfer.
/// </summary>
public class OutageSimulationTests
{
    private const string Line = "+13125550100";
    private const string Caller = "+13125550123";
    private WebhookServer _ops = null!;

    [SetUp]
    public void StartOps() => _ops = new WebhookServer()
        .On("GET", "/api/v2/outages/nearby", 200, """{"count": 0, "outages": [{"restore_eta": ""}]}""")
        .On("POST", "/api/v2/tickets", 201, """{"ticket": {"id": "5550123"}}""")
        .On("GET", "/api/v2/tickets/123456", 200, """{"ticket": {"status": "assigned", "restore_eta": "17:45"}}""");

    [TearDown]
    public void StopOps() => _ops.Dispose();

    [TestCase("+13125550100")]
    [TestCase("+13125550195")]
    public void Both_numbers_reach_the_line(string did) =>
        Assert.That(Run("hangup", to: did).Transcript[1], Is.EqualTo("route: outage/main"));

    [Test]
    public void Other_numbers_are_not_routed() => Assert.That(Run("1", to: "+13125550200").Result, Is.Null);

    [Test]
    public void Known_outage_nearby_is_announced_with_its_eta()
    {
        _ops.On("GET", "/api/v2/outages/nearby", 200, """{"count": 2, "outages": [{"restore_eta": "18:30"}]}""");

        var call = Run("hangup");

        Assert.Multiple(() =>
        {
            Assert.That(_ops.Requests.Single().PathAndQuery, Is.EqualTo("/api/v2/outages/nearby?caller=%2B13125550123"), "a + in a query value is encoded, or the webhook reads a space");
            Assert.That(call.Played("We know about an outage in your area."), Is.True);
            Assert.That(call.Played("say 18:30 as time"), Is.True);
        });
    }

    [Test]
    public void No_outage_nearby_goes_straight_to_the_menu()
    {
        var call = Run("hangup");

        Assert.Multiple(() =>
        {
            Assert.That(call.Transcript, Does.Contain("  set outage_count = 0"));
            Assert.That(call.Played("We know about an outage"), Is.False);
            Assert.That(call.Steps()[^1], Is.EqualTo("main/menu"));
        });
    }

    [Test]
    public void Nearby_check_failing_or_too_slow_skips_to_the_menu()
    {
        _ops.On("GET", "/api/v2/outages/nearby", 200, """{"count": 1}""", delay: TimeSpan.FromSeconds(2.5));

        var call = Run("hangup");

        Assert.Multiple(() =>
        {
            Assert.That(call.Transcript, Has.Some.Contains("-> failed (no response within 2s)"));
            Assert.That(call.Transcript, Does.Contain("  set http_status = 0"));
            Assert.That(call.Steps(), Has.Count.EqualTo(4).And.Not.Contain("main/if@27:7"));
            Assert.That(call.Steps()[^1], Is.EqualTo("main/menu"));
        });
    }

    [Test]
    public void Spoken_report_files_a_ticket_with_the_callers_number()
    {
        var call = Run("say:Report an outage say:12 Main Street #");

        var ticket = _ops.Requests.Single(r => r.Method == "POST");
        using var body = JsonDocument.Parse(ticket.Body);
        Assert.Multiple(() =>
        {
            Assert.That(call.Transcript, Does.Contain("  set input = 'report'"), "a spoken choice reads as its first phrase");
            Assert.That(body.RootElement.GetProperty("address").GetString(), Is.EqualTo("12 Main Street"));
            Assert.That(body.RootElement.GetProperty("callback").GetString(), Is.EqualTo(Caller), "# alone: the calling number");
            Assert.That(body.RootElement.GetProperty("priority").GetDecimal(), Is.EqualTo(2m), "an unquoted number stays a JSON number");
            Assert.That(call.Played("say 5550123 as digits"), Is.True);
            Assert.That(call.Outcome().ToString(), Does.StartWith("hangup normal at main/hangup@"));
        });
    }

    [Test]
    public void Keyed_report_with_a_callback_number_sends_that_number()
    {
        Run("1 say:5 Elm Road 3125550999#");

        using var body = JsonDocument.Parse(_ops.Requests.Single(r => r.Method == "POST").Body);
        Assert.That(body.RootElement.GetProperty("callback").GetString(), Is.EqualTo("3125550999"));
    }

    [Test]
    public void Ticket_webhook_failure_goes_to_an_agent()
    {
        _ops.On("POST", "/api/v2/tickets", 500, "{}");

        var call = Run("1 say:5 Elm Road #");

        Assert.Multiple(() =>
        {
            Assert.That(call.Played("We could not file your report."), Is.True);
            Assert.That(call.Outcome().ToString(), Is.EqualTo("transferred sip:outage-desk@pbx.power.example at main/agent"));
        });
    }

    [Test]
    public void Address_not_heard_twice_goes_to_an_agent()
    {
        var call = Run("1 wait:9s 4 transfer:fail");

        Assert.Multiple(() =>
        {
            Assert.That(call.Played("Sorry, I did not catch the address."), Is.True);
            Assert.That(call.Transcript, Does.Contain("  4 not heard: this input takes speech only"));
            Assert.That(call.Played("All our agents are busy. Please try again later."), Is.True);
            Assert.That(call.Outcome().ToString(), Does.StartWith("hangup normal at main/hangup@"), "busy agents: goodbye");
        });
    }

    [TestCase("assigned", "A crew is on the way.")]
    [TestCase("open", "Your report is open and waiting for a crew.")]
    [TestCase("closed-by-mistake", "Sorry, I cannot read that report right now.")]
    public void Status_reads_the_ticket_and_says_goodbye(string status, string heard)
    {
        _ops.On("GET", "/api/v2/tickets/123456", 200, "{\"ticket\": {\"status\": \"" + status + "\", \"restore_eta\": \"17:45\"}}");

        var call = Run("say:check status 123456#");

        Assert.Multiple(() =>
        {
            Assert.That(call.Played(heard), Is.True);
            Assert.That(call.Steps(), Does.Contain("main/goodbye"));
            Assert.That(call.Outcome().Outcome, Is.EqualTo(FlowResult.Hangup));
        });
    }

    [Test]
    public void Resolved_status_returns_to_the_menu()
    {
        _ops.On("GET", "/api/v2/tickets/123456", 200, """{"ticket": {"status": "resolved", "restore_eta": ""}}""");

        var call = Run("2 123456# hangup");

        Assert.Multiple(() =>
        {
            Assert.That(call.Played("Our records show power was restored."), Is.True);
            Assert.That(call.Steps().Count(s => s == "main/menu"), Is.EqualTo(2));
        });
    }

    [Test]
    public void Unknown_ticket_goes_to_an_agent()
    {
        var call = Run("2 999999#");

        Assert.That(call.Outcome().ToString(), Is.EqualTo("transferred sip:outage-desk@pbx.power.example at main/agent"));
    }

    [Test]
    public void Short_ticket_number_twice_goes_to_an_agent()
    {
        var call = Run("2 12# 34#");

        Assert.Multiple(() =>
        {
            Assert.That(_ops.Requests.Count(r => r.PathAndQuery.StartsWith("/api/v2/tickets", StringComparison.Ordinal)), Is.Zero);
            Assert.That(call.Outcome().Cause, Is.EqualTo("sip:outage-desk@pbx.power.example"));
        });
    }

    [Test]
    public void Asking_for_an_agent_by_voice_transfers_by_refer()
    {
        var call = Run("say:representative");

        Assert.Multiple(() =>
        {
            Assert.That(call.Transcript, Does.Contain("  transfer to sip:outage-desk@pbx.power.example: connected"));
            Assert.That(call.Outcome().Outcome, Is.EqualTo(FlowResult.Transferred));
        });
    }

    [Test]
    public void Menu_no_input_and_not_understood_then_agent()
    {
        var call = Run("wait:7s say:pizza 9");

        Assert.Multiple(() =>
        {
            Assert.That(call.Played("Sorry, I did not hear you."), Is.True);
            Assert.That(call.Played("Sorry, I did not understand."), Is.True);
            Assert.That(call.Transcript, Has.Some.Contains("'9' is no choice (try 3 of 3)"));
            Assert.That(call.Steps(), Does.Contain("main/agent"));
        });
    }

    private SimulationResult Run(string input, string to = Line) =>
        Simulation.Run("outage.yaml", Caller, to, input, "2026-07-14T09:00", variables: new() { ["ops"] = _ops.Url + "/api/v2" });
}
