using System.Text.Json;
using Telephony.Dialplan.Runtime;
using Telephony.Dialplan.Simulation;

namespace Telephony.Dialplan.Tests.Runtime;

/// <summary>
/// Every branch of dialplans/bank.yaml, simulated, with its webhooks answered by a real local
/// HTTP server: routes (premier by header, retail, none), identification (valid, invalid, lookup
/// failure), balance (webhook ok and failing), lost card (in hours to the queue, out of hours
/// blocked by webhook), adviser, voicemail, and the menu's retries.
/// </summary>
public class BankSimulationTests
{
    private const string Retail = "+442079460100";
    private const string Caller = "+447700900123";
    private const string InHours = "2026-12-01T10:00";     // a Tuesday
    private const string OutOfHours = "2026-12-01T21:00";
    private const string Christmas = "2026-12-25T10:00";   // a Friday, but a holiday
    private WebhookServer _bank = null!;

    [SetUp]
    public void StartBank() => _bank = new WebhookServer()
        .On("POST", "/ivr/v1/customers/lookup", 200, """{"customer": {"first_name": "Ann"}}""")
        .On("GET", "/ivr/v1/accounts/12345678/balance", 200, """{"balance": {"available": 1234.50, "currency": "GBP"}}""")
        .On("POST", "/ivr/v1/cards/block", 200, """{"reference": "884422"}""")
        .On("POST", "/ivr/v1/voicemails", 201, """{"id": 7}""");

    [TearDown]
    public void StopBank() => _bank.Dispose();

    [Test]
    public void Premier_header_routes_to_the_premier_flow()
    {
        var call = Run("12345678 hangup", headers: new() { ["X-Customer-Tier"] = "gold" });

        Assert.Multiple(() =>
        {
            Assert.That(call.Transcript[1], Is.EqualTo("route: bank/premier (route 'premier customers')"));
            Assert.That(call.Played("Welcome back to Example Bank Premier."), Is.True);
        });
    }

    [Test]
    public void Other_tiers_and_the_second_number_go_to_retail()
    {
        var silver = Run("hangup", headers: new() { ["X-Customer-Tier"] = "silver" });
        var second = Run("hangup", to: "+442079460101");

        Assert.Multiple(() =>
        {
            Assert.That(silver.Transcript[1], Is.EqualTo("route: bank/main (route 'retail line')"));
            Assert.That(second.Transcript[1], Is.EqualTo("route: bank/main (route 'retail line')"));
        });
    }

    [Test]
    public void Other_numbers_are_not_routed()
    {
        var call = Run("1", to: "+442079460999");

        Assert.Multiple(() =>
        {
            Assert.That(call.Result, Is.Null);
            Assert.That(call.Transcript[^1], Does.Contain("no route takes this call"));
        });
    }

    [Test]
    public void Identified_caller_hears_the_balance_from_the_webhook()
    {
        var call = Run("12345678 1 9 hangup");

        var lookup = _bank.Requests.First(r => r.PathAndQuery == "/ivr/v1/customers/lookup");
        using var body = JsonDocument.Parse(lookup.Body);
        Assert.Multiple(() =>
        {
            Assert.That(body.RootElement.GetProperty("account").GetString(), Is.EqualTo("12345678"));
            Assert.That(body.RootElement.GetProperty("caller").GetString(), Is.EqualTo(Caller));
            Assert.That(call.Played("tts \"Thank you, Ann.\""), Is.True);
            Assert.That(call.Transcript, Does.Contain("  set balance = 1234.5"));
            Assert.That(call.Played("say 1234.5 as currency GBP"), Is.True);
            Assert.That(_bank.Requests.Any(r => r.PathAndQuery == "/ivr/v1/accounts/12345678/balance" && r.Method == "GET" && r.Authorization == "Bearer ivr-service"), Is.True);
            Assert.That(call.Steps().Count(s => s == "banking/main-menu"), Is.EqualTo(2), "back to the menu after the balance");
            Assert.That(call.Outcome().Outcome, Is.EqualTo(FlowResult.CallerHangup));
        });
    }

    [Test]
    public void Balance_webhook_failure_apologises_and_returns_to_the_menu()
    {
        _bank.On("GET", "/ivr/v1/accounts/12345678/balance", 503, "{}");

        var call = Run("12345678 1 9 hangup");

        Assert.Multiple(() =>
        {
            Assert.That(call.Transcript, Does.Contain("  set http_status = 503"));
            Assert.That(call.Played("Sorry, we cannot get your balance right now."), Is.True);
            Assert.That(call.Played("Your available balance is"), Is.False);
            Assert.That(call.Steps().Count(s => s == "banking/main-menu"), Is.EqualTo(2));
        });
    }

    [Test]
    public void Invalid_account_three_times_goes_to_an_adviser()
    {
        var call = Run("1234# 12# 1#");

        Assert.Multiple(() =>
        {
            Assert.That(call.Transcript.Count(l => l.Contains("That account number is not valid.", StringComparison.Ordinal)), Is.EqualTo(2), "before the 2nd and 3rd try");
            Assert.That(call.Played("Let me put you through to an adviser."), Is.True);
            Assert.That(call.Outcome().ToString(), Does.StartWith("transferred queue:advisers at identify/"));
            Assert.That(_bank.Requests, Is.Empty, "no lookup without an account");
        });
    }

    [Test]
    public void Adviser_queue_failing_after_identification_hangs_up_unavailable()
    {
        var call = Run("wait:6s wait:6s wait:6s transfer:fail");

        Assert.That(call.Outcome().ToString(), Does.StartWith("hangup unavailable at identify/hangup@"));
    }

    [Test]
    public void Unknown_account_apologises_and_transfers()
    {
        _bank.On("POST", "/ivr/v1/customers/lookup", 404, """{"error": "no such account"}""");

        var call = Run("12345678 transfer:fail");

        Assert.Multiple(() =>
        {
            Assert.That(call.Played("Sorry, we could not find that account."), Is.True);
            Assert.That(call.Outcome().ToString(), Does.StartWith("hangup unavailable at identify/"));
        });
    }

    [Test]
    public void Lookup_without_the_mapped_field_is_a_failure()
    {
        _bank.On("POST", "/ivr/v1/customers/lookup", 200, """{"customer": {}}""");

        var call = Run("12345678");

        Assert.That(call.Transcript, Has.Some.Contains("failed (the response has no 'customer.first_name')"));
    }

    [Test]
    public void Lost_card_in_hours_goes_to_the_card_queue()
    {
        var call = Run("12345678 2");

        Assert.Multiple(() =>
        {
            Assert.That(call.Played("Connecting you to our card team."), Is.True);
            Assert.That(call.Outcome().Outcome, Is.EqualTo(FlowResult.Transferred));
            Assert.That(call.Outcome().Cause, Is.EqualTo("queue:cards"));
        });
    }

    [Test]
    public void Lost_card_with_the_card_team_busy_takes_a_voicemail()
    {
        var call = Run("12345678 2 transfer:fail say:please call me back #");

        var voicemail = _bank.Requests.Single(r => r.PathAndQuery == "/ivr/v1/voicemails");
        using var body = JsonDocument.Parse(voicemail.Body);
        Assert.Multiple(() =>
        {
            Assert.That(call.Transcript, Does.Contain("  beep"));
            Assert.That(body.RootElement.GetProperty("recording").GetString(), Does.StartWith("recordings/sim-").And.EndWith(".wav"));
            Assert.That(call.Played("Thank you for calling Example Bank. Goodbye."), Is.True);
            Assert.That(call.Outcome().ToString(), Does.StartWith("hangup normal at banking/hangup@"));
        });
    }

    [Test]
    public void Lost_card_out_of_hours_blocks_the_card_by_webhook()
    {
        var call = Run("12345678 2", at: OutOfHours);

        var block = _bank.Requests.Single(r => r.PathAndQuery == "/ivr/v1/cards/block");
        using var body = JsonDocument.Parse(block.Body);
        Assert.Multiple(() =>
        {
            Assert.That(block.Method, Is.EqualTo("POST"));
            Assert.That(body.RootElement.GetProperty("reason").GetString(), Is.EqualTo("lost-or-stolen"));
            Assert.That(call.Played("say 884422 as digits"), Is.True);
            Assert.That(call.Steps(), Does.Contain("banking/goodbye").And.Not.Contain("banking/voicemail"));
            Assert.That(call.Outcome().Outcome, Is.EqualTo(FlowResult.Hangup));
        });
    }

    [Test]
    public void Lost_card_on_a_holiday_with_the_block_webhook_down_takes_a_voicemail_and_its_webhook_failure_still_says_goodbye()
    {
        _bank.On("POST", "/ivr/v1/cards/block", 500, "{}").On("POST", "/ivr/v1/voicemails", 500, "{}");

        var call = Run("12345678 2 say:my card is gone", at: Christmas);

        Assert.Multiple(() =>
        {
            Assert.That(call.Steps(), Does.Contain("banking/voicemail").And.Contain("banking/goodbye"));
            Assert.That(call.Transcript, Has.Some.Contains("http POST " + _bank.Url + "/ivr/v1/voicemails -> failed (status 500)"));
            Assert.That(call.Outcome().Cause, Is.EqualTo("normal"));
        });
    }

    [Test]
    public void Adviser_in_hours_is_the_adviser_queue()
    {
        var call = Run("12345678 0");

        Assert.That(call.Outcome().ToString(), Does.StartWith("transferred queue:advisers at banking/transfer@"));
    }

    [Test]
    public void Adviser_queue_busy_takes_a_voicemail()
    {
        var call = Run("12345678 0 transfer:fail wait:6s");

        Assert.Multiple(() =>
        {
            Assert.That(call.Steps(), Does.Contain("banking/voicemail"));
            Assert.That(call.Transcript, Does.Contain("  set voicemail = ''"), "silence records nothing");
        });
    }

    [Test]
    public void Adviser_out_of_hours_goes_straight_to_voicemail()
    {
        var call = Run("12345678 0 say:call me", at: OutOfHours);

        Assert.Multiple(() =>
        {
            Assert.That(call.Transcript, Has.None.Contains("transfer to"));
            Assert.That(call.Steps(), Does.Contain("banking/voicemail"));
        });
    }

    [Test]
    public void Menu_retries_with_its_prompts_then_falls_back_to_the_adviser()
    {
        var call = Run("12345678 9 wait:10s 7");

        Assert.Multiple(() =>
        {
            Assert.That(call.Played("Sorry, that is not one of the options."), Is.True);
            Assert.That(call.Played("Sorry, I did not hear your choice."), Is.True);
            Assert.That(call.Transcript, Has.Some.Contains("'7' is no choice (try 3 of 3)"));
            Assert.That(call.Steps(), Does.Contain("banking/adviser"));
            Assert.That(call.Outcome().Cause, Is.EqualTo("queue:advisers"));
        });
    }

    private SimulationResult Run(string input, string to = Retail, string at = InHours, Dictionary<string, string>? headers = null) =>
        Simulation.Run("bank.yaml", Caller, to, input, at, headers, new() { ["api"] = _bank.Url + "/ivr/v1" });
}
