using System.Net;
using Telephony.Calls.Events;

namespace Telephony.Api.Tests;

public class EventsApiTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private ApiServer _server = null!;
    private HttpClient _agent = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _server = await ApiServer.StartAsync(o => o with { KeepAlive = TimeSpan.FromMilliseconds(200) });
        _agent = _server.Create(ApiServer.AgentToken);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _agent.Dispose();
        await _server.DisposeAsync();
    }

    private void Publish(string type, string callId, params (string, string?)[] data) =>
        _server.Events.Publish(type, callId, data.ToDictionary(d => d.Item1, d => d.Item2));

    /// <summary>Waits for the hub to count <paramref name="count"/> watchers (the metrics watcher is always one).</summary>
    private async Task WaitForWatchersAsync(int count)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (_server.Events.WatcherCount != count)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"watchers: {_server.Events.WatcherCount}, expected {count}");
            await Task.Delay(10);
        }
    }

    [Test]
    public async Task Streams_events_in_order_with_ids_types_and_data()
    {
        await WaitForWatchersAsync(1);
        await using var sse = await SseReader.OpenAsync(_agent, "/events?last_event_id=" + _server.Events.LastId);
        Assert.Multiple(() =>
        {
            Assert.That(sse.Response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(sse.Response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/event-stream"));
            Assert.That(sse.Response.Headers.CacheControl?.NoCache, Is.True);
        });
        await WaitForWatchersAsync(2);

        var first = _server.Events.LastId + 1;
        Publish(CallEventType.Started, "sse-1@test", ("direction", "inbound"), ("from", "sip:a@b"), ("to", "sip:ivr@c"));
        Publish(CallEventType.Dtmf, "sse-1@test", ("digit", "5"));
        Publish(CallEventType.Ended, "sse-1@test", ("cause", "BYE"), ("sip_status", "200"), ("ended_by", "caller"), ("direction", "inbound"));

        var started = await sse.ReadEventAsync(Patience);
        var dtmf = await sse.ReadEventAsync(Patience);
        var ended = await sse.ReadEventAsync(Patience);
        Assert.Multiple(() =>
        {
            Assert.That(new[] { started!.Value.Id, dtmf!.Value.Id, ended!.Value.Id }, Is.EqualTo(new[] { first, first + 1, first + 2 }));
            Assert.That(started.Value.Type, Is.EqualTo("call.started"));
            Assert.That(started.Value.Data.GetProperty("id").GetInt64(), Is.EqualTo(first));
            Assert.That(started.Value.Data.GetProperty("type").GetString(), Is.EqualTo("call.started"));
            Assert.That(started.Value.Data.GetProperty("call_id").GetString(), Is.EqualTo("sse-1@test"));
            Assert.That(started.Value.Data.GetProperty("at").GetString(), Does.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"));
            Assert.That(started.Value.Data.GetProperty("direction").GetString(), Is.EqualTo("inbound"));
            Assert.That(dtmf.Value.Data.GetProperty("digit").GetString(), Is.EqualTo("5"));
            Assert.That(ended.Value.Type, Is.EqualTo("call.ended"));
            Assert.That(ended.Value.Data.GetProperty("sip_status").GetInt32(), Is.EqualTo(200));
            Assert.That(ended.Value.Data.GetProperty("cause").GetString(), Is.EqualTo("BYE"));
        });
    }

    [Test]
    public async Task Reconnecting_with_last_event_id_replays_what_was_missed()
    {
        var before = _server.Events.LastId;
        for (var i = 0; i < 5; i++)
        {
            Publish(CallEventType.Step, "resume@test", ("flow", "demo/main"), ("step", "main/s" + i));
        }

        await using (var header = await SseReader.OpenAsync(_agent, "/events", lastEventId: (before + 2).ToString()))
        {
            var ids = new List<long>();
            for (var i = 0; i < 3; i++)
            {
                ids.Add((await header.ReadEventAsync(Patience))!.Value.Id);
            }

            Assert.That(ids, Is.EqualTo(new[] { before + 3, before + 4, before + 5 }));
        }

        await using var query = await SseReader.OpenAsync(_agent, "/events?last_event_id=" + (before + 4));
        var e = await query.ReadEventAsync(Patience);
        Assert.Multiple(() =>
        {
            Assert.That(e!.Value.Id, Is.EqualTo(before + 5));
            Assert.That(e.Value.Data.GetProperty("step").GetString(), Is.EqualTo("main/s4"));
        });
    }

    [Test]
    public async Task Idle_streams_get_keep_alive_comments()
    {
        await using var sse = await SseReader.OpenAsync(_agent, "/events?last_event_id=" + _server.Events.LastId);
        var sawRetry = false;
        while (await sse.ReadBlockAsync(Patience) is { } block)
        {
            sawRetry |= block.ContainsKey("retry");
            if (block.TryGetValue(":", out var comment))
            {
                Assert.That(comment, Is.EqualTo("ping"));
                break;
            }
        }

        Assert.That(sawRetry, Is.True, "the stream opens with a retry hint");
    }

    [Test]
    public async Task A_client_that_disconnects_ends_its_watcher()
    {
        await WaitForWatchersAsync(1);
        var sse = await SseReader.OpenAsync(_agent, "/events?last_event_id=" + _server.Events.LastId);
        await WaitForWatchersAsync(2);
        await sse.DisposeAsync();
        await WaitForWatchersAsync(1);
    }

    [Test]
    public async Task Stopping_the_api_ends_open_streams_cleanly()
    {
        var server = await ApiServer.StartAsync();
        try
        {
            using var agent = server.Create(ApiServer.AgentToken);
            await using var sse = await SseReader.OpenAsync(agent, "/events");
            Assert.That(await sse.ReadBlockAsync(Patience), Does.ContainKey("retry"));
            var stopping = server.Host.DisposeAsync().AsTask();

            // The server closes the stream properly (end of the chunked body), not by aborting the connection.
            var blocks = 0;
            while (await sse.ReadBlockAsync(Patience) is { } block)
            {
                Assert.That(block.Keys, Is.EqualTo(new[] { ":" }), "nothing but keep-alives before the end");
                Assert.That(++blocks, Is.LessThan(100));
            }

            await stopping.WaitAsync(Patience);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Test]
    public async Task A_bad_last_event_id_is_400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/events");
        request.Headers.Add("Last-Event-ID", "latest");
        using var response = await _agent.SendAsync(request);
        await Http.ProblemAsync(response, HttpStatusCode.BadRequest, "Last-Event-ID");
    }
}
