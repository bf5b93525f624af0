using System.Globalization;
using Microsoft.Extensions.Logging;
using Prometheus;
using Telephony.Calls.Control;
using Telephony.Calls.Events;

namespace Telephony.Api.Metrics;

/// <summary>
/// The server's Prometheus metrics, in a registry of its own (not prometheus-net's static default,
/// so two servers in one process, as in tests, never mix counts).
/// </summary>
/// <remarks>
/// Nothing here is a hand-kept counter of call activity: call counts and per-call quality come from
/// the call.ended events (fed by the API's <see cref="Hosting.EventFollower"/>),
/// live gauges from the registry, and SIP/media/security counters from their owners at scrape time.
/// </remarks>
internal sealed class ApiMetrics
{
    private readonly ICallRegistry _registry;
    private readonly ILogger _logger;
    private readonly ApiMetricSources _sources;
    private readonly Gauge _callsActive;
    private readonly Gauge _legsActive;
    private readonly Counter _callsTotal;
    private readonly Counter _sipRequests;
    private readonly Counter _sipResponses;
    private readonly Counter _sipRetransmissions;
    private readonly Counter _rtpPackets;
    private readonly Histogram _lossRatio;
    private readonly Histogram _jitter;
    private readonly Histogram _clockLateness;
    private readonly Counter _tapDropped;
    private readonly Counter _securityDrops;
    private readonly Counter _securityBans;
    private readonly Counter _httpRequests;
    private readonly Gauge _speechWorkers;
    private readonly Gauge _speechQueued;
    private readonly Counter _speechCompleted;
    private readonly Counter _speechFailed;
    private readonly Counter _speechRejected;
    private readonly Histogram _speechWait;
    private long[] _lastSpeechWait = [];
    private readonly Lock _scrape = new();
    private long[] _lastClockBins = [];

    public ApiMetrics(ICallRegistry registry, ApiMetricSources? sources, ILogger logger)
    {
        _registry = registry;
        _logger = logger;
        _sources = sources ?? new ApiMetricSources();
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var f = Prometheus.Metrics.WithCustomRegistry(Registry);
        _callsActive = f.CreateGauge("telephony_calls_active", "Calls in progress (a bridged pair of legs is one call).");
        _legsActive = f.CreateGauge("telephony_legs_active", "Call legs in progress.");
        _callsTotal = f.CreateCounter("telephony_calls_total", "Call legs ended, by direction and end cause.", new CounterConfiguration { LabelNames = ["direction", "cause"] });
        _sipRequests = f.CreateCounter("telephony_sip_requests_total", "SIP requests received, by method.", new CounterConfiguration { LabelNames = ["method"] });
        _sipResponses = f.CreateCounter("telephony_sip_responses_total", "SIP responses, by status code.", new CounterConfiguration { LabelNames = ["code"] });
        _sipRetransmissions = f.CreateCounter("telephony_sip_retransmissions_total", "SIP retransmissions sent and absorbed.");
        _rtpPackets = f.CreateCounter("telephony_rtp_packets_total", "RTP packets, by direction.", new CounterConfiguration { LabelNames = ["direction"] });
        _lossRatio = f.CreateHistogram("telephony_rtp_loss_ratio", "Received audio packet loss of each call leg at its end (0 to 1).",
            new HistogramConfiguration { Buckets = [0, 0.001, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1] });
        _jitter = f.CreateHistogram("telephony_rtp_jitter_seconds", "RFC 3550 interarrival jitter of each call leg at its end.",
            new HistogramConfiguration { Buckets = [0.001, 0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.2, 0.5] });
        _clockLateness = f.CreateHistogram("telephony_media_clock_lateness_seconds", "How late the media clock's 20 ms ticks fire.",
            new HistogramConfiguration { Buckets = [0.0001, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1] });
        _tapDropped = f.CreateCounter("telephony_tap_frames_dropped_total", "Audio tap frames dropped because the tap's reader fell behind.");
        _securityDrops = f.CreateCounter("telephony_security_drops_total", "SIP traffic dropped by the guards, by reason.", new CounterConfiguration { LabelNames = ["reason"] });
        _securityBans = f.CreateCounter("telephony_security_bans_total", "Sources banned by the SIP rate limit.");
        _httpRequests = f.CreateCounter("telephony_http_requests_total", "HTTP API requests, by route template and status.", new CounterConfiguration { LabelNames = ["route", "status"] });
        _speechWorkers = f.CreateGauge("telephony_speech_pool_workers", "Threads in the speech worker pool (detectors and recognisers of every call).");
        _speechQueued = f.CreateGauge("telephony_speech_pool_queued", "Speech work items waiting for a worker now.");
        _speechCompleted = f.CreateCounter("telephony_speech_pool_completed_total", "Speech work items done.");
        _speechFailed = f.CreateCounter("telephony_speech_pool_failed_total", "Speech work items that failed (an engine error).");
        _speechRejected = f.CreateCounter("telephony_speech_pool_rejected_total", "Speech work items refused because the pool's queue was full; each is a turn that fell back to keys.");
        // The pool's own bucket bounds (SpeechWorkerPoolStats.QueueWaitBucketBounds), so its counts land in these buckets exactly.
        _speechWait = f.CreateHistogram("telephony_speech_pool_queue_wait_seconds", "How long speech work items waited in the pool's queue for a worker.",
            new HistogramConfiguration { Buckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] });
        Registry.AddBeforeCollectCallback(Scrape);
    }

    public CollectorRegistry Registry { get; }

    public void CountRequest(string route, int status) =>
        _httpRequests.WithLabels(route, status.ToString(CultureInfo.InvariantCulture)).Inc();

    /// <summary>Counts one call event (called by the event follower, in id order).</summary>
    public void Observe(CallEvent e)
    {
        if (e.Type != CallEventType.Ended)
        {
            return;
        }

        var direction = e.Data.GetValueOrDefault("direction") ?? "unknown";
        var cause = e.Data.GetValueOrDefault("cause") ?? "unknown";
        _callsTotal.WithLabels(direction, cause).Inc();
        if (Number(e.Data.GetValueOrDefault("loss_pct")) is { } loss)
        {
            _lossRatio.Observe(Math.Clamp(loss / 100, 0, 1));
        }

        if (Number(e.Data.GetValueOrDefault("jitter_ms")) is { } jitter)
        {
            _jitter.Observe(Math.Max(0, jitter / 1000));
        }
    }

    private static double? Number(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null;

    /// <summary>Brings gauges and mirrored counters up to date just before each scrape.</summary>
    private void Scrape()
    {
        lock (_scrape)
        {
            var legs = _registry.List();
            var ids = legs.Select(l => l.CallId).ToHashSet(StringComparer.Ordinal);

            // A bridged pair is one call: count it once, at the leg whose id sorts first.
            _callsActive.Set(legs.Count(l => l.PeerCallId is not { } peer || !ids.Contains(peer) || string.CompareOrdinal(l.CallId, peer) < 0));
            _legsActive.Set(legs.Count);
            if (Read("sip", _sources.Sip) is { } sip)
            {
                foreach (var (method, n) in sip.RequestsByMethod)
                {
                    _sipRequests.WithLabels(method).IncTo(n);
                }

                foreach (var (code, n) in sip.ResponsesByCode)
                {
                    _sipResponses.WithLabels(code.ToString(CultureInfo.InvariantCulture)).IncTo(n);
                }

                _sipRetransmissions.IncTo(sip.Retransmissions);
            }

            Mirror(_securityDrops, Read("security drops", _sources.SecurityDrops));
            Mirror(_rtpPackets, Read("rtp packets", _sources.RtpPackets));
            _securityBans.IncTo(Read("security bans", _sources.SecurityBans));
            _tapDropped.IncTo(Read("tap drops", _sources.TapFramesDropped));
            if (Read("media clock", _sources.MediaClockLateness) is { } clock)
            {
                ObserveClock(clock);
            }

            if (Read("speech pool", _sources.SpeechPool) is { } speech)
            {
                ObserveSpeechPool(speech);
            }
        }
    }

    /// <summary>One source's values; a source that fails is logged and skipped, so the rest of the scrape still answers.</summary>
    private T? Read<T>(string what, Func<T>? source)
    {
        try
        {
            return source is null ? default : source();
        }
#pragma warning disable CA1031 // A metrics source is another layer's code; its bug must not break /metrics.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _logger.LogError(e, "metrics: reading the {Source} counters failed", what);
            return default;
        }
    }

    private static void Mirror(Counter counter, IReadOnlyDictionary<string, long>? values)
    {
        foreach (var (label, n) in values ?? new Dictionary<string, long>())
        {
            counter.WithLabels(label).IncTo(n);
        }
    }

    /// <summary>
    /// The pool's gauges and totals, and the queue waits counted since the last scrape into the
    /// histogram (whose bounds are the pool's). Each wait is observed
    /// at its bucket's upper bound (waits past the last bound at twice it), so bucket counts are
    /// exact and <c>_sum</c> is an upper estimate.
    /// </summary>
    private void ObserveSpeechPool(SpeechPoolCounters pool)
    {
        _speechWorkers.Set(pool.Workers);
        _speechQueued.Set(pool.Queued);
        _speechCompleted.IncTo(pool.Completed);
        _speechFailed.IncTo(pool.Failed);
        _speechRejected.IncTo(pool.Rejected);
        if (_lastSpeechWait.Length != pool.WaitCounts.Count)
        {
            Array.Resize(ref _lastSpeechWait, pool.WaitCounts.Count);
        }

        for (var i = 0; i < pool.WaitCounts.Count; i++)
        {
            var delta = pool.WaitCounts[i] - _lastSpeechWait[i];
            if (delta > 0)
            {
                var at = i < pool.WaitBoundsSeconds.Count ? pool.WaitBoundsSeconds[i] : 2 * pool.WaitBoundsSeconds[^1];
                _speechWait.Observe(at, delta);
                _lastSpeechWait[i] = pool.WaitCounts[i];
            }
        }
    }

    /// <summary>Feeds the ticks counted since the last scrape into the histogram, at the middle of their bin.</summary>
    private void ObserveClock(MediaClockLateness clock)
    {
        if (_lastClockBins.Length != clock.Bins.Count)
        {
            Array.Resize(ref _lastClockBins, clock.Bins.Count);
        }

        for (var i = 0; i < clock.Bins.Count; i++)
        {
            var delta = clock.Bins[i] - _lastClockBins[i];
            if (delta > 0)
            {
                _clockLateness.Observe((i + 0.5) * clock.BinSeconds, delta);
                _lastClockBins[i] = clock.Bins[i];
            }
        }
    }
}
