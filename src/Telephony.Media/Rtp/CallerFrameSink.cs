using Telephony.Media.Codecs;
using Telephony.Media.ComfortNoise;
using Telephony.Media.Jitter;
using Telephony.Media.Recording;

namespace Telephony.Media.Rtp;

/// <summary>
/// Turns what the caller's jitter buffer gives for one playout slot into 8 kHz audio for the
/// in-band detector and the recording: speech decoded, a loss concealed, comfort noise made.
/// </summary>
/// <remarks>
/// A lost frame is concealed with the last frame once (a single loss goes unheard), then silence
/// (a repeated frame buzzes). Comfort noise (RFC 3389) fills the slots from its frame until the next
/// speech frame. The recording places a frame with a timestamp by <see cref="CallerTimeline"/> and
/// continues contiguously from there, so the buffer's own adaptation (an inserted frame, which has
/// no place on the caller's timeline) never shifts the caller against our side. Clock thread only;
/// nothing allocated after construction.
/// </remarks>
internal sealed class CallerFrameSink
{
    /// <summary>First byte of every payload stored in the buffer: speech or comfort noise.</summary>
    public const byte SpeechTag = 0;

    /// <inheritdoc cref="SpeechTag"/>
    public const byte NoiseTag = 1;

    private readonly CallerTimeline _timeline;
    private readonly Dtmf.InBand.GoertzelDtmfDetector? _inBand;
    private readonly Pcm8kDecoder _decoder;
    private readonly ComfortNoiseGenerator _noise = new();
    private readonly short[] _pcm = new short[Pcm8kDecoder.MaxPayloadBytes];
    private readonly short[] _lastPcm = new short[Pcm8kDecoder.MaxPayloadBytes];
    private int _lastPcmLength;
    private bool _canRepeat;
    private bool _haveNext;
    private long _nextPosition;
    private bool _noiseActive;

    private readonly Taps.TapHub? _taps;
    private uint _tapTimestamp;
    private bool _concealed;

    public CallerFrameSink(AudioEncoding encoding, CallerTimeline timeline, Dtmf.InBand.GoertzelDtmfDetector? inBand, Taps.TapHub? taps = null)
    {
        _timeline = timeline;
        _taps = taps;
        _inBand = inBand;
        _decoder = new Pcm8kDecoder(encoding);
    }

    /// <summary>
    /// The frames that follow belong to a new timeline: decoder state and concealment start
    /// afresh and the recording re-anchors. A new source also ends a digit being detected and
    /// the old source's comfort noise.
    /// </summary>
    public void StartStream(bool newSource)
    {
        _decoder.Reset();
        _canRepeat = false;
        _haveNext = false;
        _taps?.Discontinuity();
        if (newSource)
        {
            _inBand?.Reset();
            _noiseActive = false;
        }
    }

    /// <summary>
    /// One playout slot. <paramref name="stored"/> is the buffer's copy (tag byte first) when
    /// <paramref name="frame"/> is a frame. A frame of stream <paramref name="epoch"/> is placed by its
    /// timestamp; with <paramref name="continues"/> it follows the previous one instead (the last
    /// frames of a stream the timeline has already moved past).
    /// </summary>
    public void Render(JitterFrame frame, ReadOnlySpan<byte> stored, int frameSamples, int epoch, bool continues, CallRecorder? recorder)
    {
        switch (frame.Status)
        {
            case JitterFrameStatus.Frame when stored[0] == NoiseTag:
                // RFC 3389: noise at the signalled level from this timestamp until the next speech frame.
                ComfortNoisePayload.TryReadLevel(stored[1..], out var level);
                _noise.SetLevel(level);
                (_noiseActive, _canRepeat) = (true, false);
                (_tapTimestamp, _concealed) = (frame.Timestamp, true);
                Place(frame.Timestamp, epoch, continues);
                PlayNoise(frameSamples, recorder, record: true);
                return;
            case JitterFrameStatus.Frame:
                _noiseActive = false;
                var listened = _inBand is not null || recorder is not null || _taps?.HasSubscribers == true;
                var n = listened ? _decoder.Decode(stored[1..], _pcm) : 0;
                _pcm.AsSpan(0, n).CopyTo(_lastPcm);
                (_lastPcmLength, _canRepeat) = (n, true);
                (_tapTimestamp, _concealed) = (frame.Timestamp, false);
                Place(frame.Timestamp, epoch, continues);
                Deliver(n, recorder, record: true);
                return;
            case JitterFrameStatus.Missing or JitterFrameStatus.Inserted when _noiseActive:
                _concealed = true;
                // After a noise frame the buffer cannot tell a pause from a loss for a frame or two; the noise goes on.
                PlayNoise(frameSamples, recorder, record: frame.Status == JitterFrameStatus.Missing);
                return;
            case JitterFrameStatus.Missing or JitterFrameStatus.Inserted:
                // An inserted frame deepens the buffer: it has no place on the caller's timeline.
                // The detector hears a repeated frame but not the silence after it: a gap in the
                // stream (a stall, late packets) is not the caller pausing, and would split one
                // long key press into two digits.
                var repeated = Conceal(frameSamples);
                _concealed = true;
                Deliver(frameSamples, recorder, record: frame.Status == JitterFrameStatus.Missing, detect: repeated);
                return;
            case JitterFrameStatus.Silence when _noiseActive:
                _concealed = true;
                PlayNoise(frameSamples, recorder, record: true);
                return;
            default:
                // Nothing due (not started, buffering, the caller paused): nothing to hear, nothing to record.
                _canRepeat = false;
                _nextPosition += frameSamples;
                return;
        }
    }

    private void Place(uint timestamp, int epoch, bool continues)
    {
        if (!continues && _timeline.TryPosition(timestamp, epoch, out var position))
        {
            (_nextPosition, _haveNext) = (position, true);
        }
    }

    private void PlayNoise(int frameSamples, CallRecorder? recorder, bool record)
    {
        _noise.Fill(_pcm.AsSpan(0, frameSamples));
        Deliver(frameSamples, recorder, record);
    }

    /// <summary>A lost frame: the last one once (true), then silence (false).</summary>
    private bool Conceal(int frameSamples)
    {
        if (_canRepeat && _lastPcmLength == frameSamples)
        {
            _lastPcm.AsSpan(0, frameSamples).CopyTo(_pcm);
            _canRepeat = false;
            return true;
        }

        _pcm.AsSpan(0, frameSamples).Clear();
        return false;
    }

    /// <summary>To the detector, and to the recording (advancing its position) when the slot has a place on the caller's timeline.</summary>
    private void Deliver(int samples, CallRecorder? recorder, bool record, bool detect = true)
    {
        var pcm = _pcm.AsSpan(0, samples);
        if (detect)
        {
            _inBand?.Process(pcm);
        }

        // Taps hear every slot the caller's channel plays, made-up ones flagged, on the caller's own RTP timeline.
        _taps?.Publish(pcm, 8000, _tapTimestamp, _concealed);
        _tapTimestamp += (uint)samples;

        if (!record)
        {
            return;
        }

        if (_haveNext && recorder is not null)
        {
            recorder.Write(RecordedSide.Caller, _nextPosition, pcm);
        }

        _nextPosition += samples;
    }
}
