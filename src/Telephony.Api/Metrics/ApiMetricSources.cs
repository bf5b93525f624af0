namespace Telephony.Api.Metrics;

/// <summary>
/// Counters the API reads at scrape time from the layers that keep them (SIP stack, media clock,
/// RTP, taps). Each is a delegate so the API needs no reference to those layers; any may be null
/// (its metric is then exported as zero, or without series for labelled ones). Delegates must be
/// cheap and thread-safe: they run on the scraping request.
/// </summary>
/// <param name="Sip">The SIP stack's counters (SipStats).</param>
/// <param name="SecurityDrops">Requests, datagrams and connections dropped by the SIP guards, by reason (rate_limited, scanner, connection_refused, malformed), and logins refused for wrong credentials (auth_failed).</param>
/// <param name="SecurityBans">Sources banned since start (SipStack.Bans).</param>
/// <param name="RtpPackets">RTP packets since start, by direction (received, sent).</param>
/// <param name="TapFramesDropped">Audio tap frames dropped because a tap's reader was too slow.</param>
/// <param name="MediaClockLateness">The media clock's lateness histogram since start.</param>
/// <param name="SpeechPool">The speech worker pool's queue, counters and queue-wait histogram.</param>
public sealed record ApiMetricSources(
    Func<SipCounters>? Sip = null,
    Func<IReadOnlyDictionary<string, long>>? SecurityDrops = null,
    Func<long>? SecurityBans = null,
    Func<IReadOnlyDictionary<string, long>>? RtpPackets = null,
    Func<long>? TapFramesDropped = null,
    Func<MediaClockLateness>? MediaClockLateness = null,
    Func<SpeechPoolCounters>? SpeechPool = null);
