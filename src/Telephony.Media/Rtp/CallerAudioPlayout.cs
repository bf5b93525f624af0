using System.Diagnostics;
using Telephony.Media.Codecs;
using Telephony.Media.ComfortNoise;
using Telephony.Media.Dtmf.InBand;
using Telephony.Media.Jitter;
using Telephony.Media.Recording;

namespace Telephony.Media.Rtp;

/// <summary>
/// The caller's audio between the network and its listeners: packets go into an adaptive
/// <see cref="JitterBuffer"/> as they arrive; the media clock takes one frame per frame duration
/// out, decodes it (or conceals a loss) and feeds the in-band DTMF detector and the recording.
/// </summary>
/// <remarks>
/// <para>
/// Reordered packets come out in order, duplicates once, and a lost frame is concealed (the last
/// frame repeated once, then silence) rather than leaving a hole that a detector or a listener
/// would hear as a click. Comfort noise (RFC 3389) packets travel the same buffer, one tag byte
/// in front of every stored payload telling them from speech, and their noise fills the slots
/// until the next speech frame. The recording places each frame by its RTP timestamp
/// (<see cref="CallerTimeline"/>), so the buffer's own adaptation (a frame inserted or dropped)
/// never shifts the caller against our side.
/// </para>
/// <para>
/// Threads: <see cref="Put"/> on the receive loop, <see cref="OnTick"/> on the clock thread. They
/// share only the jitter buffer (its own lock), the timeline (its own lock) and a stream epoch
/// (volatile). Everything is allocated here, at set-up; nothing per packet or per frame.
/// </para>
/// </remarks>
internal sealed class CallerAudioPlayout
{
    private const int SampleRate = 8000;
    private const byte SpeechTag = 0;
    private const byte NoiseTag = 1;
    private const int MaxStored = 1 + Pcm8kDecoder.MaxPayloadBytes;

    private readonly AudioEncoding _encoding;
    private readonly GoertzelDtmfDetector? _inBand;
    private readonly Pcm8kDecoder _decoder;
    private readonly long _origin = Stopwatch.GetTimestamp();
    private readonly FrameQuietPredicate _isQuiet;
    private readonly ComfortNoiseGenerator _noise = new();
    private readonly byte[] _tagged = new byte[MaxStored];
    private readonly byte[] _frame = new byte[MaxStored];
    private readonly short[] _pcm = new short[Pcm8kDecoder.MaxPayloadBytes];
    private readonly short[] _lastPcm = new short[Pcm8kDecoder.MaxPayloadBytes];
    private Stage _stage;
    private int _epoch;
    private int _newSourceEpoch;

    // Receive loop only.
    private bool _started;
    private uint _lastSsrc;
    private bool _haveLast;
    private ushort _lastSeq;
    private uint _lastTs;
    private int _candidateStep;
    private int _stepRuns;

    // Clock thread only.
    private int _elapsedMs;
    private int _playedEpoch;
    private int _lastPcmLength;
    private bool _canRepeat;
    private bool _haveNext;
    private long _nextPosition;
    private bool _noiseActive;

    /// <param name="encoding">The negotiated audio encoding.</param>
    /// <param name="frameMs">The negotiated packet time; followed if the caller's packets say otherwise.</param>
    /// <param name="inBand">The Goertzel detector, when digits arrive as tones.</param>
    public CallerAudioPlayout(AudioEncoding encoding, int frameMs, GoertzelDtmfDetector? inBand)
    {
        _encoding = encoding;
        _inBand = inBand;
        _decoder = new Pcm8kDecoder(encoding);

        // The buffer drops or inserts frames where nobody hears it: comfort noise, quiet G.711 (G.722 is not inspected).
        _isQuiet = stored => stored.Length < 1 || stored[0] == NoiseTag
            || (encoding != AudioEncoding.G722 && G711QuietDetector.IsQuiet(stored[1..], encoding));
        _stage = NewStage(frameMs);
    }

    /// <summary>The jitter buffer and the frame duration it was built for, replaced together.</summary>
    private sealed record Stage(JitterBuffer Buffer, int FrameMs);

    /// <summary>Maps the caller's audio onto the recording's timeline.</summary>
    public CallerTimeline Timeline { get; } = new();

    /// <summary>The jitter buffer's counters (late, duplicates, concealed, delay).</summary>
    public JitterBufferStats Stats => Volatile.Read(ref _stage).Buffer.Stats;

    private Stage NewStage(int frameMs) => new(
        new JitterBuffer(new JitterBufferOptions
        {
            FrameMs = frameMs,
            MaxPayloadBytes = MaxStored,
            IsQuiet = _isQuiet,
        }),
        frameMs);

    /// <summary>
    /// On the receive loop: one audio packet of the caller's, or a comfort noise packet (RFC 3389)
    /// when <paramref name="comfortNoise"/>. <paramref name="arrival"/> is a Stopwatch timestamp.
    /// </summary>
    public JitterPutResult Put(ushort sequenceNumber, uint timestamp, uint ssrc, ReadOnlySpan<byte> payload, long arrival, bool comfortNoise = false)
    {
        if (payload.Length >= MaxStored)
        {
            return JitterPutResult.Discarded;
        }

        if (comfortNoise)
        {
            // Its timestamp starts a silence of any length: it says nothing about the packet time.
            _haveLast = false;
        }
        else
        {
            FollowPacketTime(sequenceNumber, timestamp);
        }

        _tagged[0] = comfortNoise ? NoiseTag : SpeechTag;
        payload.CopyTo(_tagged.AsSpan(1));
        var stage = Volatile.Read(ref _stage);
        var result = stage.Buffer.Put(_tagged.AsSpan(0, 1 + payload.Length), sequenceNumber, timestamp, ssrc, Stopwatch.GetElapsedTime(_origin, arrival));
        if (result is JitterPutResult.Stored or JitterPutResult.Resynced)
        {
            var newStream = !_started || result == JitterPutResult.Resynced;
            _started = true;
            if (newStream)
            {
                // The buffer flushed the old timeline (new SSRC, a jump, a stall): so do the decoder and the recording's anchor.
                var epoch = Interlocked.Increment(ref _epoch);
                if (ssrc != _lastSsrc)
                {
                    // Another source's audio: a digit being detected in the old one is not continued by it.
                    Volatile.Write(ref _newSourceEpoch, epoch);
                }
            }

            _lastSsrc = ssrc;

            Timeline.OnArrival(timestamp, arrival, newStream, Volatile.Read(ref _epoch));
        }

        return result;
    }

    /// <summary>
    /// A caller whose packets carry another duration than the SDP said (a=ptime is only a wish;
    /// some gateways send 30 ms) gets a buffer built for what it sends, once three consecutive
    /// packets agree: the buffer plays exactly one packet per frame.
    /// </summary>
    private void FollowPacketTime(ushort sequenceNumber, uint timestamp)
    {
        var consecutive = _haveLast && sequenceNumber == (ushort)(_lastSeq + 1);
        var step = consecutive ? unchecked((int)(timestamp - _lastTs)) : 0;
        (_haveLast, _lastSeq, _lastTs) = (true, sequenceNumber, timestamp);
        var stage = Volatile.Read(ref _stage);
        if (step == stage.FrameMs * SampleRate / 1000 || step is < 80 or > 480 || step % 80 != 0)
        {
            _stepRuns = 0;
            return;
        }

        _stepRuns = step == _candidateStep ? _stepRuns + 1 : 1;
        _candidateStep = step;
        if (_stepRuns >= 3)
        {
            _stepRuns = 0;
            _started = false;
            Volatile.Write(ref _stage, NewStage(step * 1000 / SampleRate));
        }
    }

    /// <summary>
    /// On the clock thread, every clock period: plays out the frames due. Each frame goes to the
    /// detector, and to <paramref name="recorder"/> at its place on the call's timeline.
    /// </summary>
    public void OnTick(int periodMs, long now, CallRecorder? recorder)
    {
        var stage = Volatile.Read(ref _stage);
        _elapsedMs += periodMs;
        var due = _elapsedMs / stage.FrameMs;
        _elapsedMs -= due * stage.FrameMs;
        for (var i = due - 1; i >= 0; i--)
        {
            // Several frames in one tick (packets shorter than the period) each get their own playout time.
            var playout = Stopwatch.GetElapsedTime(_origin, now) - TimeSpan.FromMilliseconds(i * stage.FrameMs);
            PlayOne(stage, playout, recorder);
        }
    }

    private void PlayOne(Stage stage, TimeSpan playout, CallRecorder? recorder)
    {
        var epoch = Volatile.Read(ref _epoch);
        var frame = stage.Buffer.Get(playout, _frame);
        if (epoch != _playedEpoch)
        {
            _playedEpoch = epoch;
            _decoder.Reset();
            if (Volatile.Read(ref _newSourceEpoch) == epoch)
            {
                _inBand?.Reset();
                _noiseActive = false;
            }

            _canRepeat = false;
            _haveNext = false;
        }

        var frameSamples = stage.FrameMs * SampleRate / 1000;
        switch (frame.Status)
        {
            case JitterFrameStatus.Frame when _frame[0] == NoiseTag:
                // RFC 3389: noise at the signalled level from this timestamp until the next speech frame.
                ComfortNoisePayload.TryReadLevel(_frame.AsSpan(1, frame.Length - 1), out var level);
                _noise.SetLevel(level);
                _noiseActive = true;
                _canRepeat = false;
                Place(frame.Timestamp, epoch);
                PlayNoise(frameSamples, recorder);
                return;
            case JitterFrameStatus.Frame:
                _noiseActive = false;
                var n = _inBand is null && recorder is null ? 0 : _decoder.Decode(_frame.AsSpan(1, frame.Length - 1), _pcm);
                _pcm.AsSpan(0, n).CopyTo(_lastPcm);
                (_lastPcmLength, _canRepeat) = (n, true);
                Place(frame.Timestamp, epoch);
                Deliver(n, recorder, record: _haveNext);
                _nextPosition += n;
                return;
            case JitterFrameStatus.Missing or JitterFrameStatus.Inserted when _noiseActive:
                // After a noise frame the buffer cannot tell a pause from a loss for a frame or two; the noise goes on.
                PlayNoise(frameSamples, recorder, record: frame.Status == JitterFrameStatus.Missing);
                return;
            case JitterFrameStatus.Missing or JitterFrameStatus.Inserted:
                Conceal(frameSamples);

                // An inserted frame deepens the buffer: it has no place on the caller's timeline.
                Deliver(frameSamples, recorder, record: _haveNext && frame.Status == JitterFrameStatus.Missing);
                _nextPosition += frame.Status == JitterFrameStatus.Missing ? frameSamples : 0;
                return;
            case JitterFrameStatus.Silence when _noiseActive:
                PlayNoise(frameSamples, recorder);
                return;
            default:
                // Nothing due (not started, buffering, the caller paused): nothing to hear, nothing to record.
                _canRepeat = false;
                _nextPosition += frameSamples;
                return;
        }
    }

    /// <summary>A frame with a timestamp sets where the caller's channel continues.</summary>
    private void Place(uint timestamp, int epoch)
    {
        if (Timeline.TryPosition(timestamp, epoch, out var position))
        {
            (_nextPosition, _haveNext) = (position, true);
        }
    }

    private void PlayNoise(int frameSamples, CallRecorder? recorder, bool record = true)
    {
        _noise.Fill(_pcm.AsSpan(0, frameSamples));
        Deliver(frameSamples, recorder, record: record && _haveNext);
        _nextPosition += record ? frameSamples : 0;
    }

    /// <summary>A lost frame: the last one once (a single loss goes unheard), then silence (a repeated frame buzzes).</summary>
    private void Conceal(int frameSamples)
    {
        if (_canRepeat && _lastPcmLength == frameSamples)
        {
            _lastPcm.AsSpan(0, frameSamples).CopyTo(_pcm);
            _canRepeat = false;
            return;
        }

        _pcm.AsSpan(0, frameSamples).Clear();
    }

    private void Deliver(int samples, CallRecorder? recorder, bool record)
    {
        var pcm = _pcm.AsSpan(0, samples);
        _inBand?.Process(pcm);
        if (record && recorder is not null)
        {
            recorder.Write(RecordedSide.Caller, _nextPosition, pcm);
        }
    }
}
