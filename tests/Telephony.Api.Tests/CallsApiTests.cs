using System.Net;
using Telephony.Calls.Control;
using Telephony.Calls.Events;

namespace Telephony.Api.Tests;

public class CallsApiTests
{
    private ApiServer _server = null!;
    private HttpClient _admin = null!;
    private HttpClient _agent = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _server = await ApiServer.StartAsync();
        _admin = _server.Create(ApiServer.AdminToken);
        _agent = _server.Create(ApiServer.AgentToken);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _admin.Dispose();
        _agent.Dispose();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task Lists_live_legs_with_every_contract_member()
    {
        _server.Calls.AddInbound("list-a@test", CallState.Bridged, peer: "list-b@test");
        _server.Calls.AddInbound("list-b@test", CallState.Bridged, peer: "list-a@test");

        using var response = await _agent.GetAsync("/calls");
        var body = await Http.BodyAsync(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var call = body.GetProperty("calls").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "list-a@test");
        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("count").GetInt32(), Is.EqualTo(body.GetProperty("calls").GetArrayLength()));
            Assert.That(call.GetProperty("direction").GetString(), Is.EqualTo("inbound"));
            Assert.That(call.GetProperty("state").GetString(), Is.EqualTo("bridged"));
            Assert.That(call.GetProperty("from").GetString(), Is.EqualTo("sip:alice@127.0.0.1"));
            Assert.That(call.GetProperty("started_at").GetString(), Does.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"));
            Assert.That(call.GetProperty("codec").GetString(), Is.EqualTo("PCMU"));
            Assert.That(call.GetProperty("flow").GetString(), Is.EqualTo("demo/main"));
            Assert.That(call.GetProperty("step").GetString(), Is.EqualTo("main/gather"));
            Assert.That(call.GetProperty("peer_call_id").GetString(), Is.EqualTo("list-b@test"));
            Assert.That(call.GetProperty("trunk").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
            Assert.That(call.GetProperty("quality").GetProperty("mos").GetDouble(), Is.EqualTo(4.3));
            Assert.That(call.GetProperty("quality").GetProperty("rtp_packets").GetInt64(), Is.EqualTo(250));
            Assert.That(call.GetProperty("legs").EnumerateArray().Select(l => l.GetString()), Is.EqualTo(new[] { "list-a@test", "list-b@test" }));
        });
    }

    [Test]
    public async Task A_live_leg_then_its_record_once_it_has_ended_then_404_for_an_unknown_id()
    {
        var leg = _server.Calls.AddInbound("life@test");
        using (var live = await _agent.GetAsync("/calls/life@test"))
        {
            Assert.That((await Http.BodyAsync(live)).GetProperty("state").GetString(), Is.EqualTo("answered"));
        }

        var before = _server.Store.Written;
        _server.Calls.End(leg, "busy", 486, "caller");
        await _server.WaitForCdrsAsync(before + 1);
        using (var ended = await _agent.GetAsync("/calls/life@test"))
        {
            var body = await Http.BodyAsync(ended);
            Assert.Multiple(() =>
            {
                Assert.That(ended.StatusCode, Is.EqualTo(HttpStatusCode.OK));
                Assert.That(body.GetProperty("state").GetString(), Is.EqualTo("ended"));
                Assert.That(body.GetProperty("cause").GetString(), Is.EqualTo("busy"));
                Assert.That(body.GetProperty("sip_status").GetInt32(), Is.EqualTo(486));
                Assert.That(body.GetProperty("ended_by").GetString(), Is.EqualTo("caller"));
                Assert.That(body.GetProperty("ended_at").GetString(), Does.EndWith("Z"));
            });
        }

        using var unknown = await _agent.GetAsync("/calls/nobody@test");
        await Http.ProblemAsync(unknown, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task The_call_detail_has_its_stored_speech_turns_and_the_list_leaves_them_out()
    {
        var leg = _server.Calls.AddInbound("speech@test");
        var spoke = DateTimeOffset.Parse("2026-12-05T01:00:00.000Z", System.Globalization.CultureInfo.InvariantCulture);
        await using (var transcripts = new Telephony.Storage.Transcripts.SqliteTranscriptStore(_server.Database))
        {
            transcripts.Write(new Telephony.Calls.Speech.TranscriptRecord("speech@test", 1, "recognized", "billing", 0.87, "pocketsphinx+silero", "en-US",
                new Telephony.Calls.Speech.SpeechTurnTimings(spoke, spoke.AddMilliseconds(640), spoke.AddMilliseconds(900), spoke.AddMilliseconds(960),
                    TimeSpan.FromMilliseconds(640), TimeSpan.FromMilliseconds(55))));
            transcripts.Write(new Telephony.Calls.Speech.TranscriptRecord("speech@test", 2, "noinput", "", 0, "pocketsphinx+silero", "en-US", new Telephony.Calls.Speech.SpeechTurnTimings()));
        }

        using var detail = await _agent.GetAsync("/calls/speech@test");
        var turns = (await Http.BodyAsync(detail)).GetProperty("transcripts").EnumerateArray().ToList();
        using var list = await _agent.GetAsync("/calls");
        var listed = (await Http.BodyAsync(list)).GetProperty("calls").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "speech@test");
        Assert.Multiple(() =>
        {
            Assert.That(turns, Has.Count.EqualTo(2));
            Assert.That(turns[0].GetProperty("turn").GetInt32(), Is.EqualTo(1));
            Assert.That(turns[0].GetProperty("outcome").GetString(), Is.EqualTo("recognized"));
            Assert.That(turns[0].GetProperty("text").GetString(), Is.EqualTo("billing"));
            Assert.That(turns[0].GetProperty("confidence").GetDouble(), Is.EqualTo(0.87));
            Assert.That(turns[0].GetProperty("engine").GetString(), Is.EqualTo("pocketsphinx+silero"));
            Assert.That(turns[0].GetProperty("speech_ms").GetDouble(), Is.EqualTo(640));
            Assert.That(turns[0].GetProperty("recognition_ms").GetDouble(), Is.EqualTo(55));
            Assert.That(turns[0].GetProperty("vad_ended_at").GetDateTimeOffset(), Is.EqualTo(spoke.AddMilliseconds(900)));
            Assert.That(turns[1].GetProperty("outcome").GetString(), Is.EqualTo("noinput"));
            Assert.That(turns[1].GetProperty("speech_started_at").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
            Assert.That(listed.GetProperty("transcripts").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
        });

        _server.Calls.End(leg, "normal", 200, "caller");
    }

    [Test]
    public async Task A_leg_that_just_ended_is_ended_even_before_its_cdr_is_stored()
    {
        // Events only, no CDR: the moment between the registry forgetting the leg and the CDR commit.
        _server.Events.Publish(CallEventType.Started, "quick@test", new Dictionary<string, string?> { ["direction"] = "outbound", ["from"] = "sip:us@h", ["to"] = "sip:them@h" });
        _server.Events.Publish(CallEventType.Ended, "quick@test", new Dictionary<string, string?> { ["cause"] = "busy", ["sip_status"] = "486", ["ended_by"] = "system", ["direction"] = "outbound" });

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        HttpResponseMessage response;
        while ((response = await _agent.GetAsync("/calls/quick@test")).StatusCode == HttpStatusCode.NotFound && DateTime.UtcNow < deadline)
        {
            response.Dispose();
            await Task.Delay(10);
        }

        using (response)
        {
            var body = await Http.BodyAsync(response);
            Assert.Multiple(() =>
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
                Assert.That(body.GetProperty("state").GetString(), Is.EqualTo("ended"));
                Assert.That(body.GetProperty("cause").GetString(), Is.EqualTo("busy"));
                Assert.That(body.GetProperty("sip_status").GetInt32(), Is.EqualTo(486));
                Assert.That(body.GetProperty("direction").GetString(), Is.EqualTo("outbound"));
                Assert.That(body.GetProperty("to").GetString(), Is.EqualTo("sip:them@h"));
            });
        }
    }

    [Test]
    public async Task Placing_a_call_answers_202_with_its_location_and_the_leg_is_then_visible()
    {
        using var response = await _admin.PostAsync("/calls", Http.Json("""
            {"to":"sip:bob@127.0.0.1:5070","from":"+15550001","trunk":"carrier","flow":"demo/main","variables":{"lang":"en"},"timeout":20}
            """));
        var body = await Http.BodyAsync(response);
        var id = body.GetProperty("id").GetString()!;
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), body.ToString());
            Assert.That(body.GetProperty("state").GetString(), Is.EqualTo("setup"));
            Assert.That(body.GetProperty("location").GetString(), Is.EqualTo("/calls/" + Uri.EscapeDataString(id)));
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo("/calls/" + Uri.EscapeDataString(id)));
        });

        var request = _server.Calls.Originated.Last();
        Assert.Multiple(() =>
        {
            Assert.That(request.To, Is.EqualTo("sip:bob@127.0.0.1:5070"));
            Assert.That(request.From, Is.EqualTo("+15550001"));
            Assert.That(request.Flow, Is.EqualTo("demo/main"));
            Assert.That(request.Variables!["lang"], Is.EqualTo("en"));
            Assert.That(request.RingTimeout, Is.EqualTo(TimeSpan.FromSeconds(20)));
        });

        using var poll = await _agent.GetAsync(body.GetProperty("location").GetString());
        var call = await Http.BodyAsync(poll);
        Assert.Multiple(() =>
        {
            Assert.That(call.GetProperty("direction").GetString(), Is.EqualTo("outbound"));
            Assert.That(call.GetProperty("state").GetString(), Is.EqualTo("setup"));
            Assert.That(call.GetProperty("trunk").GetString(), Is.EqualTo("carrier"));
        });
    }

    [TestCase("""{"to":"sip:bob@h","tp":"x"}""", "tp", "unknown field 'tp'")]
    [TestCase("""{"to":"sip:bob@h","timeout":"soon"}""", "timeout", "'timeout' has the wrong type")]
    [TestCase("""{"to":"sip:bob@h","timeout":2.5}""", "timeout", "'timeout' has the wrong type")]
    [TestCase("""{"to":42}""", "to", "'to' has the wrong type")]
    [TestCase("""{"to":"sip:bob@h","variables":{"foo":1}}""", "variables.foo", "'variables.foo' has the wrong type")]
    [TestCase("""{"to":"sip:bob@h","variables":[]}""", "variables", "'variables' has the wrong type")]
    [TestCase("""{"from":"+1555"}""", "to", "'to' is required: a SIP URI or a number")]
    [TestCase("""{"to":"sip:bob@h","timeout":0}""", "timeout", "'timeout' is the ring time in seconds, 1 to 600")]
    [TestCase("""{"to":"sip:bob@h","timeout":601}""", "timeout", "'timeout' is the ring time in seconds, 1 to 600")]
    [TestCase("""{"to":"sip:bob@h","trunk":"nope"}""", "trunk", "unknown trunk 'nope'")]
    [TestCase("""{"to":"bob"}""", "to", "'bob' is neither a SIP URI nor a number")]
    public async Task Bad_originate_bodies_are_400_naming_the_field(string json, string field, string detail)
    {
        var placed = _server.Calls.Originated.Count;
        using var response = await _admin.PostAsync("/calls", Http.Json(json));
        var problem = await Http.ProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Multiple(() =>
        {
            Assert.That(problem.GetProperty("detail").GetString(), Is.EqualTo(detail));
            Assert.That(_server.Calls.Originated, Has.Count.EqualTo(placed), "nothing was dialled");
        });
    }

    [TestCase("{\"to\":")]
    [TestCase("{\"to\":\"sip:a@b\",}")]
    [TestCase("not json")]
    [TestCase("")]
    [TestCase("null")]
    [TestCase("[1,2]")]
    public async Task Malformed_json_is_400(string json)
    {
        using var response = await _admin.PostAsync("/calls", Http.Json(json));
        var problem = await Http.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem.GetProperty("detail").GetString(), Does.Not.Contain("System.").And.Not.Contain("Telephony."), "no .NET type names in answers");
    }

    [Test]
    public async Task An_oversized_body_is_413_and_nothing_is_dialled()
    {
        var placed = _server.Calls.Originated.Count;
        var json = "{\"to\":\"sip:bob@h\",\"variables\":{\"big\":\"" + new string('x', 70 * 1024) + "\"}}";
        using var response = await _admin.PostAsync("/calls", Http.Json(json));
        await Http.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.That(_server.Calls.Originated, Has.Count.EqualTo(placed));

        // Without a Content-Length (chunked), the limit holds while reading.
        using var chunked = new HttpRequestMessage(HttpMethod.Post, "/calls") { Content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))) };
        chunked.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        chunked.Headers.TransferEncodingChunked = true;
        using var second = await _admin.SendAsync(chunked);
        await Http.ProblemAsync(second, HttpStatusCode.RequestEntityTooLarge);
    }

    [Test]
    public async Task A_body_that_is_not_json_is_415()
    {
        using var response = await _admin.PostAsync("/calls", new StringContent("to=sip:bob@h", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
        await Http.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Test]
    public async Task Hanging_up_a_live_leg_is_202_and_an_unknown_one_404()
    {
        _server.Calls.AddInbound("bye@test");
        var supervisor = _server.Create(ApiServer.SupervisorToken);
        using var response = await supervisor.DeleteAsync("/calls/bye@test");
        var body = await Http.BodyAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(body.GetProperty("id").GetString(), Is.EqualTo("bye@test"));
            Assert.That(body.GetProperty("state").GetString(), Is.EqualTo("ending"));
            Assert.That(_server.Calls.Find("bye@test"), Is.Null);
        });

        using var again = await supervisor.DeleteAsync("/calls/bye@test");
        await Http.ProblemAsync(again, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Transfers_pass_target_mode_and_timeout_and_report_the_outcome()
    {
        _server.Calls.AddInbound("xfer@test");
        _server.Calls.TransferResult = new CallAttemptResult(false, 486, "busy", "Busy Here");
        var supervisor = _server.Create(ApiServer.SupervisorToken);
        using var response = await supervisor.PostAsync("/calls/xfer@test/transfer", Http.Json("""{"target":"sip:agent@127.0.0.1:5080","mode":"blind","timeout":15}"""));
        var body = await Http.BodyAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToString());
            Assert.That(body.GetProperty("id").GetString(), Is.EqualTo("xfer@test"));
            Assert.That(body.GetProperty("answered").GetBoolean(), Is.False);
            Assert.That(body.GetProperty("sip_status").GetInt32(), Is.EqualTo(486));
            Assert.That(body.GetProperty("cause").GetString(), Is.EqualTo("busy"));
            Assert.That(_server.Calls.Transfers.Last(), Is.EqualTo(("xfer@test", "sip:agent@127.0.0.1:5080", TransferMode.Blind, (TimeSpan?)TimeSpan.FromSeconds(15))));
        });

        using var badMode = await supervisor.PostAsync("/calls/xfer@test/transfer", Http.Json("""{"target":"sip:a@b","mode":"warm"}"""));
        await Http.ProblemAsync(badMode, HttpStatusCode.BadRequest, "mode");
        using var unknownField = await supervisor.PostAsync("/calls/xfer@test/transfer", Http.Json("""{"target":"sip:a@b","mdoe":"blind"}"""));
        await Http.ProblemAsync(unknownField, HttpStatusCode.BadRequest, "mdoe");
        using var unknown = await supervisor.PostAsync("/calls/gone@test/transfer", Http.Json("""{"target":"sip:a@b"}"""));
        await Http.ProblemAsync(unknown, HttpStatusCode.NotFound);
    }
}
