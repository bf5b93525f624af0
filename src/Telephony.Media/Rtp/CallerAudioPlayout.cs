using System.Diagnostics;
using Telephony.Media.Codecs;
using Telephony.Media.Dtmf.InBand;
using Telephony.Media.Jitter;
using Telephony.Media.Recording;

namespace Telephony.Media.Rtp;

/// <summary>
/// The caller's audio between the network and its listeners: packets go into an adaptive
/// <see cref="JitterBuffer"/> as they arrive; the media clock takes one frame per frame duration
/// out for <see cref="CallerFrameSink"/> (the in-band detector and the recording).
/// </summary>
/// <remarks>
/// <para>
/// Reordered packets come out in order, duplicates once, losses concealed. Comfort noise (RFC 3389)
/// packets travel the same buffer, one tag byte in front of every stored payload telling them from
/// speech. When the latched source changes its SSRC (a PBX switching media) the new stream gets a
/// fresh buffer, while the old one's last buffered frames still play out, instead of being flushed.
/// </para>
/// <para>
/// Threads: <see cref="Put"/> on the receive loop, <see cref="OnTick"/> on the clock thread. They
/// share the buffers (each with its own lock), the timeline (its own lock) and a stream epoch
/// (volatile). Buffers are allocated at set-up and on the rare new SSRC or packet time, never per
/// packet or frame.
/// </para>
/// </remarks>
internal sealed class CallerAudioPlayout
{
    private const int SampleRate = 8000;
    private const int MaxStored = 1 + Pcm8kDecoder.MaxPayloadBytes;

    private readonly FrameQuietPredicate _isQuiet;
    private readonly CallerFrameSink _sink;
    private readonly long _origin = Stopwatch.GetTimestamp();
    private readonly byte[] _tagged = new byte[MaxStored];
    private readonly byte[] _frame = new byte[MaxStored];
    private readonly Lock _retiredLock = new();
    private Stage _stage;
    private JitterBufferStats? _retired;
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
    private TimeSpan? _nextPlayout;
    private int _playedEpoch;

    /// <param name="encoding">The negotiated audio encoding.</param>
    /// <param name="frameMs">The negotiated packet time; followed if the caller's packets say otherwise.</param>
    /// <param name="inBand">The Goertzel detector, when digits arrive as tones.</param>
    /// <param name="timeline">Maps the caller's audio onto the recording's timeline.</param>
    /// <param name="taps">The caller's audio taps (fed while someone listens).</param>
    public CallerAudioPlayout(AudioEncoding encoding, int frameMs, GoertzelDtmfDetector? inBand, CallerTimeline timeline, Taps.TapHub? taps = null)
    {
        Timeline = timeline;
        _sink = new CallerFrameSink(encoding, timeline, inBand, taps);

        // The buffer drops or inserts frames where nobody hears it: comfort noise, quiet G.711 (G.722 is not inspected).
        _isQuiet = stored => stored.Length < 1 || stored[0] == CallerFrameSink.NoiseTag
            || (encoding != AudioEncoding.G722 && G711QuietDetector.IsQuiet(stored[1..], encoding));
        _stage = new Stage(NewBuffer(frameMs), frameMs);
    }

    /// <summary>The jitter buffer, the frame duration it was built for, and the previous source's buffer still playing out.</summary>
    private sealed class Stage(JitterBuffer buffer, int frameMs, JitterBuffer? draining = null)
    {
        public JitterBuffer Buffer { get; } = buffer;

        public int FrameMs { get; } = frameMs;

        /// <summary>
        /// Cleared under the retire lock once the old source's last frame has played (clock thread) or
        /// yet another source came (receive loop); the clock thread's unlocked read is at worst one frame stale.
        /// </summary>
        public JitterBuffer? Draining { get; set; } = draining;
    }

    /// <summary>Maps the caller's audio onto the recording's timeline.</summary>
    public CallerTimeline Timeline { get; }

    /// <summary>The jitter buffers' counters (late, duplicates, concealed, delay), over the whole call.</summary>
    public JitterBufferStats Stats
    {
        get
        {
            var stage = Volatile.Read(ref _stage);
            var current = stage.Buffer.Stats;
            lock (_retiredLock)
            {
                // A draining buffer is retired (under this lock) when its last frame has played.
                var total = stage.Draining is { } draining ? Sum(draining.Stats with { Resyncs = draining.Stats.Resyncs + 1 }, current) : current;
                return _retired is { } old ? Sum(old, total) : total;
            }
        }
    }

    /// <summary>
    /// A buffer for one frame duration: slots of one frame (8 bytes per ms for G.711 and G.722) and
    /// the tag, and as few as hold twice the maximum delay: about 5 KB at 20 ms, where 64 slots of
    /// the largest frame were 30 KB for every call.
    /// </summary>
    private JitterBuffer NewBuffer(int frameMs) => new(new JitterBufferOptions
    {
        FrameMs = frameMs,
        MaxPayloadBytes = 1 + (8 * frameMs),
        Capacity = frameMs >= 20 ? 32 : 64,
        IsQuiet = _isQuiet,
    });

    /// <summary>A buffer taken out of service: its counters stay in the call's (a replacement counts as a resync).</summary>
    private void Retire(JitterBuffer buffer)
    {
        var stats = buffer.Stats;
        stats = stats with { Resyncs = stats.Resyncs + 1 };
        lock (_retiredLock)
        {
            _retired = _retired is { } old ? Sum(old, stats) : stats;
        }
    }

    /// <summary>
    /// The previous source's buffer is done (its last frame played, or yet another source came):
    /// retired once, whichever thread gets there first.
    /// </summary>
    private void RetireDraining(Stage stage, JitterBuffer buffer)
    {
        lock (_retiredLock)
        {
            if (!ReferenceEquals(stage.Draining, buffer))
            {
                return;
            }

            stage.Draining = null;
            Retire(buffer);
        }
    }

    /// <summary>Counts added up; the delays are the later buffer's.</summary>
    private static JitterBufferStats Sum(JitterBufferStats earlier, JitterBufferStats later) => later with
    {
        Stored = earlier.Stored + later.Stored,
        Played = earlier.Played + later.Played,
        Duplicates = earlier.Duplicates + later.Duplicates,
        Late = earlier.Late + later.Late,
        Concealed = earlier.Concealed + later.Concealed,
        Inserted = earlier.Inserted + later.Inserted,
        Dropped = earlier.Dropped + later.Dropped,
        Discarded = earlier.Discarded + later.Discarded,
        Resyncs = earlier.Resyncs + later.Resyncs,
        ClockSkips = earlier.ClockSkips + later.ClockSkips,
    };

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

        var newSource = _started && ssrc != _lastSsrc;
        if (newSource)
        {
            // A PBX switching media: the old source's frames still buffered play out of their own buffer.
            var old = Volatile.Read(ref _stage);
            if (old.Draining is { } older)
            {
                // Sources switching faster than a buffer drains: the oldest goes.
                RetireDraining(old, older);
            }

            Volatile.Write(ref _stage, new Stage(NewBuffer(old.FrameMs), old.FrameMs, old.Buffer));
            _started = false;
        }

        if (comfortNoise || newSource)
        {
            // A CN timestamp starts a silence of any length, a new source's numbers start anywhere:
            // neither says anything about the packet time.
            _haveLast = false;
        }
        else
        {
            FollowPacketTime(sequenceNumber, timestamp);
        }

        _tagged[0] = comfortNoise ? CallerFrameSink.NoiseTag : CallerFrameSink.SpeechTag;
        payload.CopyTo(_tagged.AsSpan(1));
        var stage = Volatile.Read(ref _stage);
        var result = stage.Buffer.Put(_tagged.AsSpan(0, 1 + payload.Length), sequenceNumber, timestamp, ssrc, Stopwatch.GetElapsedTime(_origin, arrival));
        if (result is JitterPutResult.Stored or JitterPutResult.Resynced)
        {
            // The buffer may restart for delay alone (a stalled sender); only the timeline decides
            // when the caller's timestamps stopped meaning the same thing (see CallerTimeline).
            var epoch = Timeline.OnArrival(timestamp, arrival, newSource || !_started);
            _started = true;
            _lastSsrc = ssrc;
            if (newSource)
            {
                Volatile.Write(ref _newSourceEpoch, epoch);
            }

            Volatile.Write(ref _epoch, epoch);
        }

        return newSource && result == JitterPutResult.Stored ? JitterPutResult.Resynced : result;
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
            Retire(stage.Buffer);
            Volatile.Write(ref _stage, new Stage(NewBuffer(step * 1000 / SampleRate), step * 1000 / SampleRate));
        }
    }

    /// <summary>
    /// On the clock thread, every clock period: plays out the frames due by now into the detector
    /// and <paramref name="recorder"/>. <paramref name="now"/> is a Stopwatch timestamp.
    /// </summary>
    /// <remarks>
    /// Frames are due on their own cadence, one frame duration apart from the first tick, not one
    /// per tick: a clock stall (a GC pause, a starved thread) is caught up on the next tick, up to
    /// <see cref="MaxCatchUpMs"/>, where the buffer would otherwise skip the slots it missed. A
    /// listener would rather skip; a detector and a recording must not lose what was said.
    /// </remarks>
    public void OnTick(long now, CallRecorder? recorder)
    {
        var stage = Volatile.Read(ref _stage);
        var time = Stopwatch.GetElapsedTime(_origin, now);
        var frame = TimeSpan.FromMilliseconds(stage.FrameMs);
        if (_nextPlayout is not { } next || time - next > TimeSpan.FromMilliseconds(MaxCatchUpMs))
        {
            next = time - (_nextPlayout is null ? TimeSpan.Zero : TimeSpan.FromMilliseconds(MaxCatchUpMs));
        }

        for (; next <= time; next += frame)
        {
            PlayOne(stage, next, recorder);
        }

        _nextPlayout = next;
    }

    /// <summary>The longest clock stall caught up; beyond it the buffer skips the slots (and counts them).</summary>
    public const int MaxCatchUpMs = 200;

    private void PlayOne(Stage stage, TimeSpan playout, CallRecorder? recorder)
    {
        var frameSamples = stage.FrameMs * SampleRate / 1000;
        if (stage.Draining is { } old)
        {
            // The previous source's last frames, contiguous with what it played before.
            var last = old.Get(playout, _frame);
            if (last.Status == JitterFrameStatus.Frame)
            {
                _sink.Render(last, _frame.AsSpan(0, last.Length), frameSamples, _playedEpoch, continues: true, recorder);
                return;
            }

            RetireDraining(stage, old);
        }

        var epoch = Volatile.Read(ref _epoch);
        var frame = stage.Buffer.Get(playout, _frame);
        if (epoch != _playedEpoch)
        {
            _playedEpoch = epoch;
            _sink.StartStream(newSource: Volatile.Read(ref _newSourceEpoch) == epoch);
        }

        _sink.Render(frame, _frame.AsSpan(0, frame.Length), frameSamples, epoch, continues: false, recorder);
    }
}
