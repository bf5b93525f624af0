namespace Telephony.Media.Jitter;

/// <summary>Measures how much later than the best case packets arrive, and turns it into a target delay.</summary>
/// <remarks>
/// A packet's transit, arrival minus its RTP timestamp, carries an unknown constant (the two clocks
/// disagree), so only differences mean anything. The baseline is the lowest transit of the last
/// 1.5–2 s, kept as four 500 ms bucket minima: short enough that clock drift (0.5% moves transit by
/// 5 ms each second) hardly biases it, long enough to contain ordinary jitter. A packet's excess over
/// the baseline is how far behind the earliest-arriving packets it is. The target delay follows the
/// peak excess, which jumps up at once and decays exponentially: it grows fast and shrinks slowly.
/// </remarks>
internal sealed class DelayTracker
{
    private const int Buckets = 4;
    private const double BucketMs = 500;

    private readonly double[] _bucketMin = new double[Buckets];
    private readonly double _frameMs;
    private readonly double _minMs;
    private readonly double _maxMs;
    private readonly double _decayPerFrame;
    private long _bucket = long.MinValue;

    public DelayTracker(JitterBufferOptions options)
    {
        _frameMs = options.FrameMs;
        _minMs = options.MinDelayMs;
        _maxMs = options.MaxDelayMs;
        _decayPerFrame = Math.Pow(0.5, options.FrameMs / options.ShrinkHalfLife.TotalMilliseconds);
        PeakExcessMs = Math.Max(0, options.InitialDelayMs - HalfFrame);
    }

    private double HalfFrame => _frameMs / 2;

    /// <summary>Lowest recent transit (ms, arbitrary origin).</summary>
    public double BaselineMs { get; private set; }

    /// <summary>Worst recent excess transit over the baseline, decaying.</summary>
    public double PeakExcessMs { get; private set; }

    /// <summary>
    /// Peak excess plus half a frame, clamped: the packet arriving latest should still be in time,
    /// with half a frame to spare for the granularity of the playout clock.
    /// </summary>
    public double TargetMs => Math.Clamp(PeakExcessMs + HalfFrame, _minMs, _maxMs);

    /// <summary>Forgets the baseline (a new stream has a new clock offset) but keeps the jitter: the network path is likely the same.</summary>
    public void ResetBaseline() => _bucket = long.MinValue;

    public void Add(double arrivalMs, double timestampMs)
    {
        var transit = arrivalMs - timestampMs;
        var bucket = (long)Math.Floor(arrivalMs / BucketMs);
        if (_bucket == long.MinValue || bucket - _bucket >= Buckets)
        {
            Array.Fill(_bucketMin, double.PositiveInfinity);
            _bucket = bucket;
        }
        else
        {
            // Arrival times only go forward; an out-of-order one just lands in the current bucket.
            for (; _bucket < bucket; _bucket++)
            {
                _bucketMin[Index(_bucket + 1)] = double.PositiveInfinity;
            }
        }

        ref var current = ref _bucketMin[Index(_bucket)];
        current = Math.Min(current, transit);
        var baseline = double.PositiveInfinity;
        foreach (var min in _bucketMin)
        {
            baseline = Math.Min(baseline, min);
        }

        BaselineMs = baseline;

        // Remembering more than the maximum delay would only make the target slower to come down.
        PeakExcessMs = Math.Min(_maxMs, Math.Max(PeakExcessMs, transit - baseline));
    }

    /// <summary>Ages the peak by <paramref name="frames"/> playout slots.</summary>
    public void Decay(long frames) => PeakExcessMs *= frames == 1 ? _decayPerFrame : Math.Pow(_decayPerFrame, frames);

    private static int Index(long bucket) => (int)(((bucket % Buckets) + Buckets) % Buckets);
}
