using System.Diagnostics;
using Telephony.Media.Dtmf;
using Telephony.Media.Dtmf.InBand;
using Telephony.Media.Rtcp;

namespace Telephony.Media.Rtp;

/// <summary>
/// What happens to the caller's accepted packets: RFC 3550 statistics on arrival, RFC 4733 events
/// into digits at once, audio decoded into the in-band detector and the recording.
/// </summary>
/// <remarks>
/// Built once, when the session starts receiving, for the negotiated format: the decoder and (only
/// without telephone-event) the Goertzel detector are allocated here and nowhere else. Packets come
/// from the receive loop only; nothing here allocates per packet.
/// </remarks>
internal sealed class RtpReceiver
{
    private readonly RtpSessionOptions _options;
    private readonly RtpReceiverStatistics _statistics;
    private readonly Action<DtmfDigit> _onDigit;
    private readonly Func<Recording.CallRecorder?> _recorder;
    private readonly Rfc4733Decoder _events = new();
    private readonly Pcm8kDecoder _decoder;
    private readonly GoertzelDtmfDetector? _inBand;
    private readonly short[] _pcm = new short[Pcm8kDecoder.MaxPayloadBytes];
    private readonly long _createdAt = Stopwatch.GetTimestamp();
    private bool _haveSource;
    private uint _ssrc;
    private bool _audioRestarts = true;

    /// <param name="options">The negotiated stream (payload types, encoding).</param>
    /// <param name="statistics">RFC 3550 statistics of the caller's audio, shared with RTCP.</param>
    /// <param name="onDigit">Where a key press goes (RFC 4733 or in-band).</param>
    /// <param name="recorder">The call's recorder, read when audio is written (it may be set after this is built).</param>
    public RtpReceiver(RtpSessionOptions options, RtpReceiverStatistics statistics, Action<DtmfDigit> onDigit, Func<Recording.CallRecorder?> recorder)
    {
        _options = options;
        _statistics = statistics;
        _onDigit = onDigit;
        _recorder = recorder;
        _decoder = new Pcm8kDecoder(options.Encoding);

        // Without telephone-event in the SDP the caller's keys arrive as tones in the audio (RFC 4733 callers pay nothing for this).
        if (options.TelephoneEventPayloadType is null)
        {
            _inBand = new GoertzelDtmfDetector();
            _inBand.DigitStarted += d => _onDigit(new DtmfDigit(d.Digit, 0, (ushort)Math.Min(d.DurationSamples, ushort.MaxValue), End: false));
        }
    }

    /// <summary>Comfort noise (RFC 3389, static payload type 13) is always accepted, never negotiated by every peer.</summary>
    public const int ComfortNoisePayloadType = 13;

    /// <summary>Whether the SDP gave <paramref name="payloadType"/> a meaning; anything else is never a reason to latch.</summary>
    public bool IsNegotiated(int payloadType) =>
        payloadType == _options.PayloadType || payloadType == _options.TelephoneEventPayloadType || payloadType == ComfortNoisePayloadType;

    /// <summary>Whether the caller's audio runs through the Goertzel detector (only without telephone-event).</summary>
    public bool DetectsInBandDigits => _inBand is not null;

    /// <summary>Maps the caller's audio onto the recording's timeline.</summary>
    public CallerTimeline Timeline { get; } = new();

    /// <summary>One packet from the latched source. <paramref name="arrival"/> is a Stopwatch timestamp taken as the receive returned.</summary>
    public void OnPacket(in RtpHeader header, ReadOnlySpan<byte> payload, long arrival)
    {
        var newSource = !_haveSource || header.Ssrc != _ssrc;
        if (newSource)
        {
            // A new stream: its RFC 4733 timestamps start afresh, its audio is a new signal.
            _haveSource = true;
            _ssrc = header.Ssrc;
            _events.Reset();
            _inBand?.Reset();
            _decoder.Reset();
            _audioRestarts = true;
        }

        if (header.PayloadType == _options.PayloadType)
        {
            _statistics.OnPacket(header.SequenceNumber, header.Timestamp, Stopwatch.GetElapsedTime(_createdAt, arrival));
            OnAudio(payload, header.Timestamp, arrival, _audioRestarts);
            _audioRestarts = false;
        }
        else if (header.PayloadType == _options.TelephoneEventPayloadType && _events.TryDecode(payload, header.Timestamp, out var digit))
        {
            _onDigit(digit);
        }
    }

    private void OnAudio(ReadOnlySpan<byte> payload, uint timestamp, long arrival, bool newSource)
    {
        // Placed by arrival time, not by when this pass got here (see CallerTimeline).
        Timeline.OnArrival(timestamp, arrival, newSource);
        var recorder = _recorder();
        if (_inBand is null && recorder is null)
        {
            return;
        }

        var n = _decoder.Decode(payload, _pcm);
        _inBand?.Process(_pcm.AsSpan(0, n));
        if (recorder is not null && Timeline.TryPosition(timestamp, out var position))
        {
            recorder.Write(Recording.RecordedSide.Caller, position, _pcm.AsSpan(0, n));
        }
    }
}
