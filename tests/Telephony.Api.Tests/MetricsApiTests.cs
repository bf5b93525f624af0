using System.Diagnostics;
using System.Globalization;
using System.Net;
using Telephony.Calls.Control;
using Telephony.Calls.Events;

namespace Telephony.Api.Tests;

public class MetricsApiTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private ApiServer _server = null!;

    [OneTimeSetUp]
    public async Task Start() => _server = await ApiServer.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _server.DisposeAsync();

    private async Task<(string Text, Dictionary<string, double> Samples)> ScrapeAsync()
    {
        using var response = await _server.Client.GetAsync("/metrics");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var text = await response.Content.ReadAsStringAsync();
        var samples = new Dictionary<string, double>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            samples[line[..space]] = double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
        }

        return (text, samples);
    }

    /// <summary>Scrapes until <paramref name="ready"/> holds (events are counted by a watcher, shortly after they happen).</summary>
    private async Task<(string Text, Dictionary<string, double> Samples)> ScrapeUntilAsync(Func<Dictionary<string, double>, bool> ready)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var scrape = await ScrapeAsync();
            if (ready(scrape.Samples) || DateTime.UtcNow > deadline)
            {
                return scrape;
            }

            await Task.Delay(20);
        }
    }

    private static double Value(Dictionary<string, double> samples, string key) => samples.TryGetValue(key, out var v) ? v : double.NaN;

    [Test]
    public async Task Counters_match_what_happened_and_promtool_accepts_the_text()
    {
        // Calls: a bridged pair and a lone leg live; three legs ended.
        _server.Calls.AddInbound("m-a@test", CallState.Bridged, peer: "m-b@test");
        _server.Calls.AddInbound("m-b@test", CallState.Bridged, peer: "m-a@test");
        _server.Calls.AddInbound("m-c@test");
        for (var i = 0; i < 2; i++)
        {
            _server.Calls.End(_server.Calls.AddInbound($"m-bye-{i}@test"), "BYE", 200, "caller");
        }

        _server.Events.Publish(CallEventType.Ended, "m-out@test", new Dictionary<string, string?>
        {
            ["cause"] = "busy", ["sip_status"] = "486", ["ended_by"] = "system", ["direction"] = "outbound", ["loss_pct"] = "2.5", ["jitter_ms"] = "12",
        });

        // SIP and media counters as their owners would report them.
        _server.Sources.Requests["INVITE"] = 7;
        _server.Sources.Requests["BYE"] = 3;
        _server.Sources.Responses[200] = 5;
        _server.Sources.Responses[486] = 1;
        _server.Sources.Retransmissions = 2;
        _server.Sources.Bans = 1;
        _server.Sources.TapDrops = 4;
        _server.Sources.ClockBins[0] = 100;
        _server.Sources.ClockBins[3] = 10;
        _server.Sources.ClockBins[1000] = 1;

        // HTTP: two 404s on one route template, whatever the ids.
        using var agent = _server.Create(ApiServer.AgentToken);
        (await agent.GetAsync("/calls/x1")).Dispose();
        (await agent.GetAsync("/calls/x2")).Dispose();

        var (text, s) = await ScrapeUntilAsync(s => Value(s, "telephony_calls_total{direction=\"outbound\",cause=\"busy\"}") == 1
            && Value(s, "telephony_calls_total{direction=\"inbound\",cause=\"BYE\"}") == 2);
        Assert.Multiple(() =>
        {
            Assert.That(Value(s, "telephony_calls_total{direction=\"inbound\",cause=\"BYE\"}"), Is.EqualTo(2), text);
            Assert.That(Value(s, "telephony_calls_total{direction=\"outbound\",cause=\"busy\"}"), Is.EqualTo(1));
            Assert.That(Value(s, "telephony_legs_active"), Is.EqualTo(3));
            Assert.That(Value(s, "telephony_calls_active"), Is.EqualTo(2), "a bridged pair is one call");
            Assert.That(Value(s, "telephony_sip_requests_total{method=\"INVITE\"}"), Is.EqualTo(7));
            Assert.That(Value(s, "telephony_sip_requests_total{method=\"BYE\"}"), Is.EqualTo(3));
            Assert.That(Value(s, "telephony_sip_responses_total{code=\"486\"}"), Is.EqualTo(1));
            Assert.That(Value(s, "telephony_sip_retransmissions_total"), Is.EqualTo(2));
            Assert.That(Value(s, "telephony_security_drops_total{reason=\"rate_limited\"}"), Is.EqualTo(3));
            Assert.That(Value(s, "telephony_security_bans_total"), Is.EqualTo(1));
            Assert.That(Value(s, "telephony_tap_frames_dropped_total"), Is.EqualTo(4));
            Assert.That(Value(s, "telephony_rtp_packets_total{direction=\"received\"}"), Is.EqualTo(1000));
            Assert.That(Value(s, "telephony_rtp_loss_ratio_count"), Is.EqualTo(1), "one leg reported its loss");
            Assert.That(Value(s, "telephony_rtp_loss_ratio_bucket{le=\"0.02\"}"), Is.Zero);
            Assert.That(Value(s, "telephony_rtp_loss_ratio_bucket{le=\"0.05\"}"), Is.EqualTo(1));
            Assert.That(Value(s, "telephony_rtp_jitter_seconds_bucket{le=\"0.02\"}"), Is.EqualTo(1));
            Assert.That(Value(s, "telephony_rtp_jitter_seconds_bucket{le=\"0.01\"}"), Is.Zero);
            Assert.That(Value(s, "telephony_media_clock_lateness_seconds_count"), Is.EqualTo(111));
            Assert.That(Value(s, "telephony_media_clock_lateness_seconds_bucket{le=\"0.0001\"}"), Is.EqualTo(100));
            Assert.That(Value(s, "telephony_media_clock_lateness_seconds_bucket{le=\"0.0005\"}"), Is.EqualTo(110));
            Assert.That(Value(s, "telephony_media_clock_lateness_seconds_bucket{le=\"0.1\"}"), Is.EqualTo(110), "the 100 ms+ tick is only in +Inf");
            Assert.That(Value(s, "telephony_http_requests_total{route=\"/calls/{id}\",status=\"404\"}"), Is.EqualTo(2));
        });

        Promtool(text);

        // A second scrape counts nothing twice.
        _server.Sources.ClockBins[3] = 12;
        var (_, again) = await ScrapeAsync();
        Assert.Multiple(() =>
        {
            Assert.That(Value(again, "telephony_media_clock_lateness_seconds_count"), Is.EqualTo(113));
            Assert.That(Value(again, "telephony_calls_total{direction=\"inbound\",cause=\"BYE\"}"), Is.EqualTo(2));
            Assert.That(Value(again, "telephony_sip_requests_total{method=\"INVITE\"}"), Is.EqualTo(7));
            Assert.That(Value(again, "telephony_http_requests_total{route=\"/metrics\",status=\"200\"}"), Is.GreaterThanOrEqualTo(1), "the scrapes before this one");
        });
    }

    [Test]
    public async Task The_speech_pool_shows_its_queue_refusals_and_waits_and_promtool_accepts_them()
    {
        await using var server = await ApiServer.StartAsync();
        using var gate = new ManualResetEventSlim();
        using var running = new SemaphoreSlim(0);
        using var pool = new Telephony.Speech.Workers.SpeechWorkerPool<int>(
            _ =>
            {
                running.Release();
                gate.Wait(Patience);
            },
            new Telephony.Speech.Workers.SpeechWorkerPoolOptions(Workers: 1, QueueCapacity: 2));
        server.Sources.SpeechPool = pool;

        // One item on the worker, two waiting, the fourth refused: back-pressure, visible.
        Assert.That(pool.TryEnqueue(1), Is.True);
        Assert.That(await running.WaitAsync(Patience), Is.True);
        Assert.That(pool.TryEnqueue(2) && pool.TryEnqueue(3), Is.True);
        Assert.That(pool.TryEnqueue(4), Is.False);

        using (var response = await server.Client.GetAsync("/metrics"))
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.Multiple(() =>
            {
                Assert.That(text, Does.Contain("\ntelephony_speech_pool_workers 1\n"), text);
                Assert.That(text, Does.Contain("\ntelephony_speech_pool_queued 2\n"));
                Assert.That(text, Does.Contain("\ntelephony_speech_pool_rejected_total 1\n"));
                Assert.That(text, Does.Contain("\ntelephony_speech_pool_completed_total 0\n"));
                Assert.That(text, Does.Contain("\ntelephony_speech_pool_failed_total 0\n"));
            });
        }

        gate.Set();
        var deadline = DateTime.UtcNow + Patience;
        while (pool.Stats.Completed < 3 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        using var after = await server.Client.GetAsync("/metrics");
        var done = await after.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(done, Does.Contain("\ntelephony_speech_pool_completed_total 3\n"), done);
            Assert.That(done, Does.Contain("\ntelephony_speech_pool_queued 0\n"));
            Assert.That(done, Does.Contain("\ntelephony_speech_pool_queue_wait_seconds_count 3\n"), "every item taken off the queue has its wait");
            Assert.That(done, Does.Contain("telephony_speech_pool_queue_wait_seconds_bucket{le=\"+Inf\"} 3\n"));
        });
        Promtool(done);
    }

    [Test]
    public async Task A_failing_source_leaves_the_rest_of_the_scrape_intact()
    {
        await using var server = await ApiServer.StartAsync();
        server.Sources.BansFail = true;
        server.Sources.TapDrops = 9;
        using var response = await server.Client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(text, Does.Contain("telephony_tap_frames_dropped_total 9"));
            Assert.That(text, Does.Contain("telephony_legs_active 0"));
        });
    }

    private static void Promtool(string text)
    {
        var start = new ProcessStartInfo("promtool", "check metrics")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("promtool did not start");
        process.StandardInput.Write(text);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        Assert.That(process.WaitForExit(30_000), Is.True, "promtool finished");
        Assert.That(process.ExitCode, Is.Zero, $"promtool check metrics: {output.Result}{errors.Result}");
    }
}
