using Telephony.Media.Rtp;

namespace Telephony.Media.Jitter;

/// <summary>
/// Adaptive jitter buffer for one RTP stream of fixed-duration audio frames, codec-agnostic.
/// The receive path <see cref="Put"/>s packets as they arrive; the media clock calls
/// <see cref="Get"/> once per frame duration for the frame to play.
/// </summary>
/// <remarks>
/// <para>
/// Frames live in a preallocated ring indexed by extended sequence number, their payloads copied
/// into one preallocated slab, so neither call allocates. Playout runs on RTP timestamps: each
/// <see cref="Get"/> is due one frame duration of timestamps after the last, so reordering, loss,
/// and a sender pausing (timestamps jump, sequence numbers do not) all fall out of comparing a
/// frame's timestamp with the one due. Sequence numbers, compared wrap-aware, order the frames and
/// catch duplicates.
/// </para>
/// <para>
/// The delay is the time from the arrival of the earliest-arriving packets to their playout
/// (playout clock minus timestamp, minus the lowest recent transit). It is compared with a target
/// derived from measured jitter (see <see cref="DelayTracker"/>) and corrected one frame at a time:
/// a frame inserted when below target, dropped when more than a frame and a quarter above. The same
/// loop absorbs clock drift, since a sender running fast or slow shows as the delay creeping up or
/// down. Corrections wait for a quiet frame when <see cref="JitterBufferOptions.IsQuiet"/> is set,
/// except when the target jumps (packets are about to be late) or patience runs out.
/// </para>
/// <para>Thread-safe: one small lock, held for a copy of one frame.</para>
/// </remarks>
public sealed class JitterBuffer
{
    private const long Empty = long.MinValue;

    // RFC 3550 A.1's misorder limit: a sequence number this far ahead is still the same stream.
    private const int MaxMisorder = 100;

    // Late packets in a row that mean playout is ahead of the stream, not a packet or two held up.
    private const int MaxLateRun = 3;

    private readonly JitterBufferOptions _options;
    private readonly Lock _lock = new();
    private readonly int _samplesPerFrame;
    private readonly double _frameMs;
    private readonly long _resyncSamples;
    private readonly double _patienceMs;
    private readonly int _mask;
    private readonly long[] _slotSeq;
    private readonly long[] _slotTs;
    private readonly int[] _slotLength;
    private readonly byte[] _slab;
    private readonly long[] _seen;
    private readonly DelayTracker _delay;

    private Phase _phase;
    private uint _ssrc;
    private long _highSeq;
    private long _highTs;
    private long _scanSeq;
    private long _lastPlayedSeq;
    private long _playTs;
    private double _startAtMs;
    private double _nominalMs;
    private double _levelMs;
    private int _probeSeq = -1;
    private int _pending;
    private double _pendingSinceMs;
    private bool _lastQuiet;
    private int _lateRun;

    private long _stored;
    private long _played;
    private long _duplicates;
    private long _late;
    private long _concealed;
    private long _inserted;
    private long _dropped;
    private long _discarded;
    private long _resyncs;
    private long _clockSkips;

    public JitterBuffer(JitterBufferOptions? options = null)
    {
        _options = options ?? new JitterBufferOptions();
        _options.Validate();
        _samplesPerFrame = _options.ClockRate * _options.FrameMs / 1000;
        _frameMs = _options.FrameMs;
        _resyncSamples = (long)_options.ResyncThresholdMs * _options.ClockRate / 1000;
        _patienceMs = _options.CorrectionPatience.TotalMilliseconds;
        _mask = _options.Capacity - 1;
        _slotSeq = new long[_options.Capacity];
        _slotTs = new long[_options.Capacity];
        _slotLength = new int[_options.Capacity];
        _slab = new byte[_options.Capacity * _options.MaxPayloadBytes];

        // Remembers received sequence numbers well beyond the ring, so a duplicate of a frame already
        // played is told apart from a late first copy.
        _seen = new long[4 * _options.Capacity];
        _delay = new DelayTracker(_options);
        Array.Fill(_slotSeq, Empty);
        Array.Fill(_seen, Empty);
    }

    private enum Phase
    {
        Idle,
        Buffering,
        Playing,
    }

    public JitterBufferStats Stats
    {
        get
        {
            lock (_lock)
            {
                return new JitterBufferStats(
                    _stored, _played, _duplicates, _late, _concealed, _inserted, _dropped, _discarded, _resyncs, _clockSkips, _delay.TargetMs, _levelMs);
            }
        }
    }

    /// <summary>Takes one received packet. <paramref name="arrival"/> is on the same monotonic clock as the playout times.</summary>
    public JitterPutResult Put(in RtpHeader header, ReadOnlySpan<byte> payload, TimeSpan arrival) =>
        Put(payload, header.SequenceNumber, header.Timestamp, header.Ssrc, arrival);

    /// <summary>Takes one received packet. <paramref name="arrival"/> is on the same monotonic clock as the playout times.</summary>
    public JitterPutResult Put(ReadOnlySpan<byte> payload, ushort sequenceNumber, uint timestamp, uint ssrc, TimeSpan arrival)
    {
        var arrivalMs = arrival.TotalMilliseconds;
        lock (_lock)
        {
            if (payload.Length > _options.MaxPayloadBytes)
            {
                _discarded++;
                return JitterPutResult.Discarded;
            }

            var result = JitterPutResult.Stored;
            if (_phase == Phase.Idle)
            {
                Restart(sequenceNumber, timestamp, ssrc, arrivalMs);
            }
            else if (ssrc != _ssrc)
            {
                Restart(sequenceNumber, timestamp, ssrc, arrivalMs);
                _resyncs++;
                result = JitterPutResult.Resynced;
            }
            else if (IsJump(sequenceNumber, timestamp))
            {
                // A sender still counting packets that moved its clock (a long pause, a restart) is
                // believed at once; any other jump must be confirmed by the next packet, so that one
                // stray packet cannot flush the buffer.
                var seqDelta = (short)(sequenceNumber - (ushort)_highSeq);
                if (seqDelta is <= 0 or > MaxMisorder && sequenceNumber != _probeSeq)
                {
                    _probeSeq = (ushort)(sequenceNumber + 1);
                    _discarded++;
                    return JitterPutResult.Discarded;
                }

                Restart(sequenceNumber, timestamp, ssrc, arrivalMs);
                _resyncs++;
                result = JitterPutResult.Resynced;
            }

            _probeSeq = -1;
            var accepted = Accept(payload, sequenceNumber, timestamp, arrivalMs);
            _lateRun = accepted == JitterPutResult.Late ? _lateRun + 1 : 0;
            if (_lateRun >= MaxLateRun)
            {
                // Packets keep coming after their playout: the sender stalled and went on with the
                // timestamps it had (no jump to resync on), or the path's delay stepped up. Playout
                // ran ahead of the stream and would drop every packet until the target caught up
                // (seconds); starting again from this packet costs one rebuffering.
                Restart(sequenceNumber, timestamp, ssrc, arrivalMs);
                _resyncs++;
                _late--; // this one plays after all
                Accept(payload, sequenceNumber, timestamp, arrivalMs);
                return JitterPutResult.Resynced;
            }

            return accepted == JitterPutResult.Stored ? result : accepted;
        }
    }

    /// <summary>
    /// Consecutive frames are one frame apart in both sequence number and timestamp; a timestamp
    /// that disagrees with its sequence number by more than the threshold starts a new timeline.
    /// </summary>
    private bool IsJump(ushort sequenceNumber, uint timestamp)
    {
        var seqDelta = (short)(sequenceNumber - (ushort)_highSeq);
        var tsDelta = (int)(timestamp - (uint)_highTs);
        return Math.Abs(tsDelta - ((long)seqDelta * _samplesPerFrame)) > _resyncSamples;
    }

    private void Restart(ushort sequenceNumber, uint timestamp, uint ssrc, double arrivalMs)
    {
        // Frames of the old timeline cannot be placed on the new one: they go.
        foreach (var seq in _slotSeq)
        {
            _discarded += seq == Empty ? 0 : 1;
        }

        Array.Fill(_slotSeq, Empty);
        Array.Fill(_seen, Empty);
        _ssrc = ssrc;

        // Extended numbers start one wrap up, so reordered packets just before the first stay positive.
        _highSeq = sequenceNumber + 65536L;
        _highTs = timestamp + (1L << 32);
        _scanSeq = _highSeq;
        _lastPlayedSeq = _highSeq - 1;
        _playTs = _highTs;
        _phase = Phase.Buffering;
        _startAtMs = arrivalMs + _delay.TargetMs;
        _delay.ResetBaseline();
        _pending = 0;
        _lateRun = 0;
    }

    private JitterPutResult Accept(ReadOnlySpan<byte> payload, ushort sequenceNumber, uint timestamp, double arrivalMs)
    {
        var seqDelta = (short)(sequenceNumber - (ushort)_highSeq);
        var seq = _highSeq + seqDelta;
        var ts = _highTs + (int)(timestamp - (uint)_highTs);
        ref var seen = ref _seen[seq & (_seen.Length - 1)];
        if (seen == seq)
        {
            _duplicates++;
            return JitterPutResult.Duplicate;
        }

        seen = seq;
        if (seqDelta > 0)
        {
            _highSeq = seq;
            _highTs = ts;
        }

        // Late packets count too: they are exactly the jitter the target must grow to cover.
        _delay.Add(arrivalMs, TimestampMs(ts));
        var oldestKept = _highSeq - _options.Capacity + 1;
        if (_phase == Phase.Buffering && seq < _scanSeq && seq >= oldestKept)
        {
            // Reordered ahead of the first packet: start playout from it instead.
            _scanSeq = seq;
        }

        if (seq < _scanSeq || (_phase == Phase.Playing && ts < _playTs - (_samplesPerFrame / 2)))
        {
            _late++;
            return JitterPutResult.Late;
        }

        if (seq > _scanSeq + _mask)
        {
            Evict(seq - _mask);
        }

        var slot = (int)(seq & _mask);
        _slotSeq[slot] = seq;
        _slotTs[slot] = ts;
        _slotLength[slot] = payload.Length;
        payload.CopyTo(_slab.AsSpan(slot * _options.MaxPayloadBytes));
        _stored++;
        return JitterPutResult.Stored;
    }

    /// <summary>The sender is more than a ring ahead of playout: the oldest unplayed frames make room.</summary>
    private void Evict(long newScanSeq)
    {
        for (var i = 0; i < _slotSeq.Length; i++)
        {
            if (_slotSeq[i] != Empty && _slotSeq[i] < newScanSeq)
            {
                _slotSeq[i] = Empty;
                _discarded++;
            }
        }

        _scanSeq = newScanSeq;
    }

    /// <summary>
    /// The frame for the playout slot at <paramref name="playoutTime"/>, copied into
    /// <paramref name="destination"/> (which must hold the largest payload the stream sends).
    /// Call once per frame duration from the media clock.
    /// </summary>
    public JitterFrame Get(TimeSpan playoutTime, Span<byte> destination)
    {
        var nowMs = playoutTime.TotalMilliseconds;
        lock (_lock)
        {
            if (_phase == Phase.Idle)
            {
                return JitterFrame.Silence;
            }

            if (_phase == Phase.Buffering)
            {
                if (nowMs < _startAtMs)
                {
                    return JitterFrame.Silence;
                }

                _phase = Phase.Playing;
                _nominalMs = nowMs;
                StartAtFirstFrame();
            }
            else
            {
                AdvanceClock(nowMs);
            }

            // Playout clock minus the timestamp due is when a frame plays relative to its timestamp;
            // minus the lowest transit, it is how long the earliest-arriving packets wait.
            _levelMs = _nominalMs - TimestampMs(_playTs) - _delay.BaselineMs;
            CatchUp();
            switch (Correction(nowMs))
            {
                case > 0:
                    _inserted++;
                    return JitterFrame.Inserted;
                case < 0:
                    DropDue();
                    break;
            }

            return PlayDue(destination);
        }
    }

    /// <summary>Playout starts with the lowest sequence number buffered, whatever arrived first.</summary>
    private void StartAtFirstFrame()
    {
        for (var seq = _scanSeq; seq <= _highSeq; seq++)
        {
            var i = (int)(seq & _mask);
            if (_slotSeq[i] == seq)
            {
                _playTs = _slotTs[i];
                return;
            }
        }
    }

    /// <summary>
    /// Moves the nominal playout clock on one frame. Slots the caller missed (a stalled clock) are
    /// skipped rather than played late; a caller running early is followed.
    /// </summary>
    private void AdvanceClock(double nowMs)
    {
        _nominalMs += _frameMs;
        var behind = nowMs - _nominalMs;
        if (behind >= _frameMs)
        {
            var skipped = (long)(behind / _frameMs);
            _nominalMs += skipped * _frameMs;
            _playTs += skipped * _samplesPerFrame;
            _clockSkips += skipped;
            _delay.Decay(skipped);
        }
        else if (-behind >= _frameMs)
        {
            _nominalMs = nowMs;
        }

        _delay.Decay(1);
    }

    /// <summary>
    /// Far too much buffered (a sender that dumped audio ahead of real time): one jump back to the
    /// target is one glitch, where dropping every other frame would garble the next second.
    /// </summary>
    private void CatchUp()
    {
        var surplus = _levelMs - _delay.TargetMs;
        if (surplus <= _options.MaxDelayMs)
        {
            return;
        }

        var frames = (long)(surplus / _frameMs);
        _playTs += frames * _samplesPerFrame;
        _levelMs -= frames * _frameMs;
        _dropped += frames;
    }

    /// <summary>+1 to insert a frame now, −1 to drop one, 0 to play normally.</summary>
    private int Correction(double nowMs)
    {
        var target = _delay.TargetMs;
        var want = _levelMs < target ? 1 : _levelMs >= target + (1.25 * _frameMs) ? -1 : 0;

        // While the sender is paused the level is meaningless and corrections would be counted for nothing.
        if (want == 0 || !SenderActive())
        {
            _pending = 0;
            return 0;
        }

        if (want != _pending)
        {
            _pending = want;
            _pendingSinceMs = nowMs;
        }

        var forced = _options.IsQuiet is null || nowMs - _pendingSinceMs >= _patienceMs;
        var act = want > 0
            ? forced || target - _levelMs >= _frameMs / 2 || _lastQuiet || !TryFindDue(out _)
            : forced || !TryFindDue(out var slot) || IsQuiet(slot);
        if (!act)
        {
            return 0;
        }

        _pending = 0;
        return want;
    }

    /// <summary>Whether a frame is due now, or the newest frame received is less than the target delay in the past.</summary>
    private bool SenderActive() => (_playTs - _highTs) * 1000.0 / _options.ClockRate <= _delay.TargetMs;

    private bool IsQuiet(int slot) =>
        _options.IsQuiet is { } isQuiet && isQuiet(_slab.AsSpan(slot * _options.MaxPayloadBytes, _slotLength[slot]));

    private void DropDue()
    {
        if (TryFindDue(out var slot))
        {
            Consume(slot);
        }

        _playTs += _samplesPerFrame;
        _dropped++;
    }

    private JitterFrame PlayDue(Span<byte> destination)
    {
        if (TryFindDue(out var slot))
        {
            var length = _slotLength[slot];
            if (destination.Length < length)
            {
                throw new ArgumentException($"destination holds {destination.Length} bytes, the frame {length}", nameof(destination));
            }

            var payload = _slab.AsSpan(slot * _options.MaxPayloadBytes, length);
            payload.CopyTo(destination);
            _lastQuiet = IsQuiet(slot);
            var seq = _slotSeq[slot];
            var ts = _slotTs[slot];
            Consume(slot);

            // Re-anchor on the frame's own timestamp, for senders whose timestamps are not exact multiples.
            _playTs = ts + _samplesPerFrame;
            _played++;
            return new JitterFrame(JitterFrameStatus.Frame, length, (ushort)seq, (uint)ts);
        }

        var next = slot >= 0 ? _slotSeq[slot] : Empty;
        _playTs += _samplesPerFrame;
        if (next == _lastPlayedSeq + 1 || (next == Empty && !SenderActive()))
        {
            // The next frame follows on without a gap but is not due yet, or nothing has come for a
            // while: the sender paused (silence suppression, hold), nothing was lost.
            return JitterFrame.Silence;
        }

        _concealed++;
        return JitterFrame.Missing;
    }

    /// <summary>
    /// Finds the first buffered frame not yet passed over. True when it is due now (its timestamp
    /// within half a frame of the one due); otherwise <paramref name="slot"/> is the next frame
    /// ahead, or −1 when the buffer is empty. Frames playout has passed over are freed.
    /// </summary>
    private bool TryFindDue(out int slot)
    {
        var half = _samplesPerFrame / 2;
        for (var seq = Math.Max(_scanSeq, _highSeq - _mask); seq <= _highSeq; seq++)
        {
            var i = (int)(seq & _mask);
            if (_slotSeq[i] != seq)
            {
                continue;
            }

            if (_slotTs[i] < _playTs - half)
            {
                // Already counted by what moved playout past it (a drop or a clock skip).
                _slotSeq[i] = Empty;
                continue;
            }

            slot = i;
            return _slotTs[i] < _playTs + _samplesPerFrame - half;
        }

        slot = -1;
        return false;
    }

    private void Consume(int slot)
    {
        _lastPlayedSeq = _slotSeq[slot];
        _scanSeq = _lastPlayedSeq + 1;
        _slotSeq[slot] = Empty;
    }

    /// <summary>Forgets the stream: the next packet starts buffering afresh (the jitter estimate is kept).</summary>
    public void Reset()
    {
        lock (_lock)
        {
            _phase = Phase.Idle;
            Array.Fill(_slotSeq, Empty);
        }
    }

    private double TimestampMs(long timestamp) => timestamp * 1000.0 / _options.ClockRate;
}
