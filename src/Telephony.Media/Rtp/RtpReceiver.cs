using System.Diagnostics;
using Telephony.Media.Dtmf;
using Telephony.Media.Dtmf.InBand;
using Telephony.Media.Rtcp;

namespace Telephony.Media.Rtp;

/// <summary>
/// What happens to the caller's accepted packets: RFC 3550 statistics on arrival, RFC 4733 events
/// into digits at once, audio into the jitter buffer, played out on the media clock into the
/// in-band detector and the recording (<see cref="CallerAudioPlayout"/>).
/// </summary>
/// <remarks>
/// Built once, when the session starts receiving, for the negotiated format: the Goertzel detector
/// (only without telephone-event) here, the jitter buffer and decoder at the first audio packet
/// that has a listener; nowhere else. <see cref="OnPacket"/> runs on the receive loop,
/// <see cref="OnTick"/> on the clock thread; neither allocates per packet.
/// </remarks>
internal sealed class RtpReceiver
{
    private readonly RtpSessionOptions _options;
    private readonly RtpReceiverStatistics _statistics;
    private readonly Action<DtmfDigit> _onDigit;
    private readonly Rfc4733Decoder _events = new();
    private readonly GoertzelDtmfDetector? _inBand;
    private CallerAudioPlayout? _playout;
    private readonly Taps.TapHub _taps;
    private readonly long _createdAt = Stopwatch.GetTimestamp();
    private long _previousTickPosition;
    private long _previousTickTime;
    private bool _haveSource;
    private uint _ssrc;

    /// <param name="options">The negotiated stream (payload types, encoding).</param>
    /// <param name="statistics">RFC 3550 statistics of the caller's audio, shared with RTCP.</param>
    /// <param name="onDigit">Where a key press goes (RFC 4733 or in-band).</param>
    /// <param name="taps">The caller's audio taps: a subscriber is a listener like the detector or a recording.</param>
    public RtpReceiver(RtpSessionOptions options, RtpReceiverStatistics statistics, Action<DtmfDigit> onDigit, Taps.TapHub? taps = null)
    {
        _taps = taps ?? new Taps.TapHub(Taps.TapDirection.Received);
        _options = options;
        _statistics = statistics;
        _onDigit = onDigit;

        // Without telephone-event in the SDP the caller's keys arrive as tones in the audio (RFC 4733 callers pay nothing for this).
        if (options.TelephoneEventPayloadType is null)
        {
            _inBand = new GoertzelDtmfDetector();
            _inBand.DigitStarted += d => _onDigit(new DtmfDigit(d.Digit, 0, (ushort)Math.Min(d.DurationSamples, ushort.MaxValue), End: false));
        }
    }

    /// <summary>
    /// The caller's audio has a listener only with in-band digits, a recording or a tap: only then is
    /// the jitter buffer built (once, at the first audio packet after a listener came), so a plain
    /// RFC 4733 call pays nothing.
    /// </summary>
    private CallerAudioPlayout? Playout(bool recording)
    {
        if (_playout is null && (_inBand is not null || recording || _taps.HasSubscribers))
        {
            Volatile.Write(ref _playout, new CallerAudioPlayout(_options.Encoding, Math.Clamp(_options.PtimeMs / 10 * 10, 10, 60), _inBand, Timeline, _taps));
        }

        return _playout;
    }

    /// <summary>Comfort noise (RFC 3389, static payload type 13) is always accepted, never negotiated by every peer.</summary>
    public const int ComfortNoisePayloadType = 13;

    /// <summary>Whether the SDP gave <paramref name="payloadType"/> a meaning; anything else is never a reason to latch.</summary>
    public bool IsNegotiated(int payloadType) =>
        payloadType == _options.PayloadType || payloadType == _options.TelephoneEventPayloadType || IsComfortNoise(payloadType);

    /// <summary>Static CN, or the dynamic CN/8000 type our answer accepted.</summary>
    private bool IsComfortNoise(int payloadType) => payloadType == ComfortNoisePayloadType || payloadType == _options.ComfortNoisePayloadType;

    /// <summary>Comfort noise packets received (RFC 3389).</summary>
    public long ComfortNoiseReceived => Interlocked.Read(ref _comfortNoise);

    private long _comfortNoise;

    /// <summary>Whether the caller's audio runs through the Goertzel detector (only without telephone-event).</summary>
    public bool DetectsInBandDigits => _inBand is not null;

    /// <summary>Maps the caller's audio onto the recording's timeline.</summary>
    public CallerTimeline Timeline { get; } = new();

    /// <summary>The caller's audio jitter buffer counters; null while the audio has no listener.</summary>
    public Jitter.JitterBufferStats? JitterStats => Volatile.Read(ref _playout)?.Stats;

    /// <summary>
    /// On the clock thread, every period, before our sending: the caller's audio due now goes to the
    /// detector and the recording. <paramref name="ourPosition"/> is our sent-sample count: when it
    /// moved since the previous tick, that tick sent a packet, so our stream stood at the previous
    /// count at the previous tick's time (the reading <see cref="CallerTimeline"/> maps arrivals with).
    /// </summary>
    public void OnTick(long ourPosition, Recording.CallRecorder? recorder)
    {
        var now = Stopwatch.GetTimestamp();
        if (ourPosition != _previousTickPosition)
        {
            Timeline.OnOurPosition(_previousTickPosition, _previousTickTime);
        }

        (_previousTickPosition, _previousTickTime) = (ourPosition, now);
        Volatile.Read(ref _playout)?.OnTick(now, recorder);
    }

    /// <summary>
    /// One packet from the latched source. <paramref name="arrival"/> is a Stopwatch timestamp taken
    /// as the receive returned; <paramref name="recording"/> whether the call is being recorded.
    /// </summary>
    public void OnPacket(in RtpHeader header, ReadOnlySpan<byte> payload, long arrival, bool recording)
    {
        if (!_haveSource || header.Ssrc != _ssrc)
        {
            // A new stream (first packet, or the latched source changed its SSRC): its sequence
            // numbers and RFC 4733 timestamps start afresh. The jitter buffer sees the SSRC itself
            // and re-synchronises, and with it the playout and the recording's anchor.
            _haveSource = true;
            _ssrc = header.Ssrc;
            _events.Reset();
            _statistics.NewSource();
        }

        if (header.PayloadType == _options.PayloadType)
        {
            // Statistics on arrival (RFC 3550 A.8 needs the arrival time); the audio itself plays out through the buffer.
            _statistics.OnPacket(header.SequenceNumber, header.Timestamp, Stopwatch.GetElapsedTime(_createdAt, arrival));
            Playout(recording)?.Put(header.SequenceNumber, header.Timestamp, header.Ssrc, payload, arrival);
        }
        else if (IsComfortNoise(header.PayloadType))
        {
            // Part of the same RTP stream: its sequence numbers count (or the silence would read as
            // loss); its noise fills the caller's channel until speech resumes.
            Interlocked.Increment(ref _comfortNoise);
            _statistics.OnPacket(header.SequenceNumber, header.Timestamp, Stopwatch.GetElapsedTime(_createdAt, arrival));
            Playout(recording)?.Put(header.SequenceNumber, header.Timestamp, header.Ssrc, payload, arrival, comfortNoise: true);
        }
        else if (header.PayloadType == _options.TelephoneEventPayloadType)
        {
            // Events are not audio: they skip the buffer, a key press is reported as it arrives. They
            // are the stream's packets though: counted (or each would read as a loss), not timed.
            _statistics.OnPacket(header.SequenceNumber, header.Timestamp, Stopwatch.GetElapsedTime(_createdAt, arrival), timed: false);
            if (_events.TryDecode(payload, header.Timestamp, out var digit))
            {
                _onDigit(digit);
            }
        }
    }
}
