using System.Net;
using System.Text.Json;
using Telephony.Calls.Cdr;

namespace Telephony.Api.Tests;

public class CdrsApiTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private ApiServer _server = null!;
    private HttpClient _supervisor = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _server = await ApiServer.StartAsync();
        _supervisor = _server.Create(ApiServer.SupervisorToken);

        // 25 calls one minute apart: every 5th busy, from alternating numbers.
        for (var i = 0; i < 25; i++)
        {
            var start = T0.AddMinutes(i);
            var busy = i % 5 == 0;
            _server.Store.Write(new CallDetailRecord($"cdr-{i}@test", i % 2 == 0 ? "sip:+15550100@pbx" : "sip:+15550200@pbx", "sip:ivr_1%@host", start,
                busy ? null : start.AddSeconds(1), start.AddSeconds(30), "caller", busy ? "busy" : "BYE", busy ? 486 : 200, "12", "PCMU",
                busy ? null : new CallQuality(2.345, 1.5, 4.21, 1400), null, busy ? null : "bank/main: hangup normal at main/bye"));
        }

        await _server.WaitForCdrsAsync(25);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _supervisor.Dispose();
        await _server.DisposeAsync();
    }

    private async Task<JsonElement> GetAsync(string query)
    {
        using var response = await _supervisor.GetAsync("/cdrs" + query);
        var body = await Http.BodyAsync(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        return body;
    }

    private static List<string> Ids(JsonElement page) => [.. page.GetProperty("cdrs").EnumerateArray().Select(c => c.GetProperty("call_id").GetString()!)];

    [Test]
    public async Task Pages_newest_first_with_a_cursor_until_the_last_page()
    {
        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await GetAsync("?limit=10" + (cursor is null ? string.Empty : "&cursor=" + cursor));
            seen.AddRange(Ids(page));
            cursor = page.GetProperty("next_cursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next_cursor").GetString();
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.Multiple(() =>
        {
            Assert.That(pages, Is.EqualTo(3));
            Assert.That(seen, Is.EqualTo(Enumerable.Range(0, 25).Reverse().Select(i => $"cdr-{i}@test")));
        });
    }

    [Test]
    public async Task A_record_has_the_keys_of_cdr_list_json()
    {
        var cdr = (await GetAsync("?limit=1")).GetProperty("cdrs")[0];
        var keys = cdr.EnumerateObject().Select(p => p.Name);
        Assert.Multiple(() =>
        {
            Assert.That(keys, Is.EqualTo(new[]
            {
                "call_id", "from", "to", "started_at", "answered_at", "ended_at", "ended_by", "cause", "sip_status", "digits",
                "codec", "jitter_ms", "loss_pct", "mos", "rtp_packets", "recording", "flow", "direction", "peer_call_id",
            }));
            Assert.That(cdr.GetProperty("started_at").GetString(), Is.EqualTo("2026-12-01T09:24:00.000Z"));
            Assert.That(cdr.GetProperty("jitter_ms").GetDouble(), Is.EqualTo(2.35).Within(0.001));
            Assert.That(cdr.GetProperty("sip_status").GetInt32(), Is.EqualTo(200));
        });
    }

    [Test]
    public async Task Filters_by_time_number_cause_and_flow()
    {
        Assert.Multiple(async () =>
        {
            Assert.That(Ids(await GetAsync("?cause=busy")), Is.EqualTo(new[] { "cdr-20@test", "cdr-15@test", "cdr-10@test", "cdr-5@test", "cdr-0@test" }));
            Assert.That(Ids(await GetAsync("?from=2026-12-01T09:20:00Z&to=2026-12-01T09:23:00Z")), Is.EqualTo(new[] { "cdr-22@test", "cdr-21@test", "cdr-20@test" }));
            Assert.That(Ids(await GetAsync("?number=0200&cause=busy")), Is.EqualTo(new[] { "cdr-15@test", "cdr-5@test" }));
            Assert.That(Ids(await GetAsync("?flow=bank/main&from=2026-12-01T09:22:00Z")), Is.EqualTo(new[] { "cdr-24@test", "cdr-23@test", "cdr-22@test" }));
            Assert.That(Ids(await GetAsync("?flow=bank/main&to=2026-12-01T09:05:00Z")), Is.EqualTo(new[] { "cdr-4@test", "cdr-3@test", "cdr-2@test", "cdr-1@test" }), "busy calls have no flow");

            // LIKE's wildcards are taken literally: '%' and '_' match only themselves.
            Assert.That(Ids(await GetAsync("?number=" + Uri.EscapeDataString("ivr_1%"))), Has.Count.EqualTo(25));
            Assert.That(Ids(await GetAsync("?number=" + Uri.EscapeDataString("ivr%1"))), Is.Empty);
        });
    }

    [TestCase("?limit=0", "limit")]
    [TestCase("?limit=501", "limit")]
    [TestCase("?limit=ten", "limit")]
    [TestCase("?from=yesterday", "from")]
    [TestCase("?to=2026-13-45", "to")]
    [TestCase("?cursor=42", "cursor")]
    [TestCase("?cursor=c!!", "cursor")]
    [TestCase("?direction=sideways", "direction")]
    [TestCase("?numbr=555", "numbr")]
    [TestCase("?cause=a&cause=b", "cause")]
    public async Task Bad_query_parameters_are_400_naming_them(string query, string field)
    {
        using var response = await _supervisor.GetAsync("/cdrs" + query);
        await Http.ProblemAsync(response, HttpStatusCode.BadRequest, field);
    }
}
