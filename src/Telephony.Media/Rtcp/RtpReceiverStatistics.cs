namespace Telephony.Media.Rtcp;

/// <summary>
/// What a receiver knows about one RTP source, kept as RFC 3550 Appendix A describes: sequence
/// tracking (A.1), expected and lost packets (A.3), interarrival jitter (A.8) and the last SR
/// received, for the LSR/DLSR fields of our reports.
/// </summary>
/// <remarks>
/// Feed it every packet of one SSRC: RFC 4733 events share the audio's sequence numbers (left out,
/// each would read as a lost packet), but pass them with <c>timed: false</c>: an event's timestamp
/// is its start, repeated, and would read as jitter. When the sender's SSRC changes, call
/// <see cref="NewSource"/> first. Thread-safe: the
/// receive loop updates it while the RTCP timer reads it.
/// </remarks>
public sealed class RtpReceiverStatistics
{
    // RFC 3550 A.1: a forward jump of up to MaxDropout is loss; a backward one of up to MaxMisorder
    // is reordering or a duplicate; anything else is a jump that needs a second packet to confirm.
    private const int MaxDropout = 3000;
    private const int MaxMisorder = 100;
    private const int SequenceModulus = 1 << 16;

    private readonly Lock _lock = new();
    private readonly int _clockRate;
    private bool _started;
    private ushort _maxSeq;
    private long _cycles;
    private long _baseSeq;
    private int _badSeq = -1;
    private long _received;
    private long _expectedPrior;
    private long _receivedPrior;
    private bool _haveTransit;
    private uint _lastTransit;
    private double _jitter;
    private bool _haveSenderReport;
    private uint _lastSenderReport;
    private TimeSpan _lastSenderReportArrival;
    private long _carriedExpected;
    private long _carriedReceived;

    /// <param name="clockRate">RTP timestamp units per second (8000 for G.711).</param>
    public RtpReceiverStatistics(int clockRate = 8000)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockRate);
        _clockRate = clockRate;
    }

    /// <summary>Highest sequence number seen, with the count of wrap-arounds in the upper 16 bits.</summary>
    public uint ExtendedHighestSequence
    {
        get
        {
            lock (_lock)
            {
                return (uint)(_cycles + _maxSeq);
            }
        }
    }

    /// <summary>Packets counted as received (duplicates included, as A.3 does), over every source of the call.</summary>
    public long Received
    {
        get
        {
            lock (_lock)
            {
                return _carriedReceived + _received;
            }
        }
    }

    /// <summary>Packets expected: extended highest minus the first sequence number, plus one (summed over every source of the call).</summary>
    public long Expected
    {
        get
        {
            lock (_lock)
            {
                return _carriedExpected + ExpectedUnlocked;
            }
        }
    }

    /// <summary>Expected minus received, over every source of the call; negative when duplicates outnumber losses.</summary>
    public long CumulativeLost
    {
        get
        {
            lock (_lock)
            {
                return _carriedExpected + ExpectedUnlocked - _carriedReceived - _received;
            }
        }
    }

    /// <summary>
    /// The sender changed its SSRC (a PBX switching media, a restarted phone): a new source whose
    /// sequence numbers and timestamps have nothing to do with the old ones (RFC 3550 §8, A.1). Its
    /// first packet starts sequence tracking afresh instead of reading as a jump, a loss or a
    /// duplicate, and as a transit step that would spike the jitter. The old source's counts stay
    /// in the call's totals; the jitter estimate is kept (it describes the path, not the source);
    /// report blocks describe the new source only, as RFC 3550 wants.
    /// </summary>
    public void NewSource()
    {
        lock (_lock)
        {
            if (!_started)
            {
                return;
            }

            _carriedExpected += ExpectedUnlocked;
            _carriedReceived += _received;
            _started = false;
            _haveTransit = false;
        }
    }

    /// <summary>Interarrival jitter in RTP timestamp units (the value a report block carries).</summary>
    public double Jitter
    {
        get
        {
            lock (_lock)
            {
                return _jitter;
            }
        }
    }

    /// <summary>Interarrival jitter in milliseconds.</summary>
    public double JitterMs => Jitter * 1000 / _clockRate;

    private long ExpectedUnlocked => _started ? _cycles + _maxSeq - _baseSeq + 1 : 0;

    /// <summary>
    /// Accounts one packet. False when it was not counted: the first packet after a big sequence
    /// jump is held back until the next one confirms the sender restarted (A.1).
    /// <paramref name="timed"/> is false for packets whose timestamp is not their sampling instant
    /// (RFC 4733 events): they count, but take no part in the jitter estimate.
    /// </summary>
    public bool OnPacket(ushort sequenceNumber, uint rtpTimestamp, TimeSpan arrival, bool timed = true)
    {
        lock (_lock)
        {
            if (!_started)
            {
                Restart(sequenceNumber);
            }
            else
            {
                var forward = (ushort)(sequenceNumber - _maxSeq);
                if (forward < MaxDropout)
                {
                    // In order, maybe with a gap; a smaller number means the 16 bits wrapped.
                    if (sequenceNumber < _maxSeq)
                    {
                        _cycles += SequenceModulus;
                    }

                    _maxSeq = sequenceNumber;
                }
                else if (forward <= SequenceModulus - MaxMisorder)
                {
                    if (sequenceNumber != _badSeq)
                    {
                        _badSeq = (sequenceNumber + 1) & 0xFFFF;
                        return false;
                    }

                    // Two sequential packets after a jump: the sender restarted without telling us.
                    Restart(sequenceNumber);
                }

                // Otherwise a duplicate or a reordered packet: counted, no change to the maximum.
            }

            _received++;
            if (timed)
            {
                UpdateJitter(rtpTimestamp, arrival);
            }

            return true;
        }
    }

    private void Restart(ushort sequenceNumber)
    {
        _started = true;
        _baseSeq = sequenceNumber;
        _maxSeq = sequenceNumber;
        _cycles = 0;
        _badSeq = -1;
        _received = 0;
        _expectedPrior = 0;
        _receivedPrior = 0;
        _haveTransit = false;
    }

    /// <summary>
    /// RFC 3550 A.8: the transit time is arrival minus RTP timestamp, both in timestamp units; D is
    /// the change in transit between consecutive packets, and J += (|D| − J) / 16, a running mean
    /// deviation with gain 1/16 that damps noise but follows real changes in a few dozen packets.
    /// The sender and receiver clocks need not agree: a constant offset cancels out of D.
    /// </summary>
    private void UpdateJitter(uint rtpTimestamp, TimeSpan arrival)
    {
        var transit = unchecked((uint)ToTimestampUnits(arrival) - rtpTimestamp);
        if (_haveTransit)
        {
            var d = Math.Abs((long)unchecked((int)(transit - _lastTransit)));
            _jitter += (d - _jitter) / 16;
        }

        _lastTransit = transit;
        _haveTransit = true;
    }

    private long ToTimestampUnits(TimeSpan time) =>
        (time.Ticks / TimeSpan.TicksPerSecond * _clockRate) + (time.Ticks % TimeSpan.TicksPerSecond * _clockRate / TimeSpan.TicksPerSecond);

    /// <summary>Remembers the source's latest SR, echoed as LSR with the DLSR since its arrival.</summary>
    public void OnSenderReport(ulong ntpTimestamp, TimeSpan arrival)
    {
        lock (_lock)
        {
            _haveSenderReport = true;
            _lastSenderReport = NtpTime.Middle32(ntpTimestamp);
            _lastSenderReportArrival = arrival;
        }
    }

    /// <summary>
    /// The report block for this source as of <paramref name="now"/>. Starts a new reporting
    /// interval: the fraction lost covers the packets since the previous call (A.3).
    /// </summary>
    public RtcpReportBlock CreateReportBlock(uint sourceSsrc, TimeSpan now)
    {
        lock (_lock)
        {
            var expected = ExpectedUnlocked;
            var expectedInterval = expected - _expectedPrior;
            var receivedInterval = _received - _receivedPrior;
            _expectedPrior = expected;
            _receivedPrior = _received;

            // Duplicates can make the interval's loss negative; that reports as zero (A.3).
            var lostInterval = expectedInterval - receivedInterval;
            var fraction = expectedInterval == 0 || lostInterval <= 0 ? 0 : Math.Min(255, (lostInterval << 8) / expectedInterval);
            return new RtcpReportBlock(
                sourceSsrc,
                (byte)fraction,
                RtcpReportBlock.ClampCumulativeLost(expected - _received),
                (uint)(_cycles + _maxSeq),
                (uint)_jitter,
                _haveSenderReport ? _lastSenderReport : 0,
                _haveSenderReport ? NtpTime.ToShortFormat(now - _lastSenderReportArrival) : 0);
        }
    }
}
