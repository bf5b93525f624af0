using Telephony.Api.Metrics;
using Telephony.Media.Clock;
using Telephony.Media.Rtp;
using Telephony.Media.Taps;
using Telephony.Sip;

namespace Telephony.Server.Hosting;

/// <summary>
/// Where /metrics reads the counters the layers keep, at scrape time: the SIP stack's statistics
/// and bans, RTP packet totals, tap drops the media clock's lateness buckets and the speech worker pool.
/// </summary>
internal static class MetricSources
{
    public static ApiMetricSources For(SipStack sip, MediaClock clock, Speech.SpeechWorkers? speech = null) => new(
        Sip: () => SipCounters(sip.Stats),
        SecurityDrops: () => new Dictionary<string, long>
        {
            ["rate_limited"] = sip.Stats.RateLimited,
            ["scanner"] = sip.Stats.ScannersDropped,
            ["connection_refused"] = sip.Stats.ConnectionsRefused,
            ["malformed"] = sip.Stats.MalformedDropped,
            ["auth_failed"] = sip.Registrar?.Failures.Failures ?? 0,
        },
        SecurityBans: () => sip.Bans,
        RtpPackets: () => new Dictionary<string, long>
        {
            ["received"] = RtpTotals.PacketsReceived,
            ["sent"] = RtpTotals.PacketsSent,
        },
        TapFramesDropped: () => AudioTaps.TotalDropped,
        MediaClockLateness: () => Lateness(clock.Stats().Lateness),
        SpeechPool: speech is null ? null : () => SpeechPool(speech.Stats));

    private static SpeechPoolCounters SpeechPool(Telephony.Speech.Workers.SpeechWorkerPoolStats stats) => new(
        stats.Workers, stats.Queued, stats.Completed, stats.Failed, stats.Rejected,
        [.. Telephony.Speech.Workers.SpeechWorkerPoolStats.QueueWaitBucketBounds.Select(b => b.TotalSeconds)],
        stats.QueueWaitBuckets, stats.QueueWaitTotal.TotalSeconds);

    private static SipCounters SipCounters(SipStats stats)
    {
        var methods = new Dictionary<string, long>();
        var byMethod = stats.RequestsByMethod();
        for (var i = 0; i < byMethod.Length; i++)
        {
            if (byMethod[i] > 0)
            {
                methods[SipStats.CountedMethods[i]] = byMethod[i];
            }
        }

        // Responses both ways: the ones we sent as a UAS and the ones our requests received.
        var codes = new Dictionary<int, long>();
        var sent = stats.ResponsesSentByCode();
        var received = stats.ResponsesReceivedByCode();
        for (var code = 100; code < sent.Length; code++)
        {
            if (sent[code] + received[code] > 0)
            {
                codes[code] = sent[code] + received[code];
            }
        }

        return new SipCounters(methods, codes, stats.RetransmissionsSent + stats.RetransmissionsAbsorbed);
    }

    /// <summary>
    /// The clock's buckets as the API's equal 0.1 ms bins: each bucket's ticks go to the bin just
    /// under its upper bound, so the API's histogram puts them in the bucket they were counted in
    /// (its bounds are a subset of the clock's); ticks past the last bound go to the overflow bin.
    /// </summary>
    private static MediaClockLateness Lateness(ClockLateness lateness)
    {
        const double bin = 0.0001;
        const int overflow = 1000;
        var bins = new long[overflow + 1];
        var bounds = ClockLateness.UpperBoundsSeconds;
        for (var i = 0; i < lateness.Counts.Count; i++)
        {
            var index = i < bounds.Count ? Math.Clamp((int)Math.Round(bounds[i] / bin) - 1, 0, overflow - 1) : overflow;
            bins[index] += lateness.Counts[i];
        }

        return new MediaClockLateness(bin, bins);
    }
}
