namespace Telephony.Media.Tones;

/// <summary>Plays a <see cref="ToneSpec"/> as 16-bit PCM into the caller's buffers, frame after frame.</summary>
/// <remarks>
/// Every sample is computed from the generator's state alone, so the output is the same however the
/// caller splits it into frames: phases carry over between frames and nothing jumps at a frame
/// edge. Each on-period starts at phase zero, so every burst of a cadence is identical, and is
/// shaped by 2 ms raised-cosine ramps at both ends so switching does not click or splatter energy
/// across the band (which could disturb a DTMF receiver); the ramps lie inside the on-period, whose
/// length stays exact in samples. Nothing is allocated per frame. Not thread-safe.
/// </remarks>
public sealed class ToneGenerator
{
    /// <summary>The telephone-band rate used unless another is given.</summary>
    public const int DefaultSampleRate = 8000;

    private const int RampMs = 2;

    private readonly int _sampleRate;
    private readonly int _rampSamples;
    private ToneSpec _spec;
    private double[] _phase = [];
    private double[] _step = [];
    private double[] _peak = [];
    private int _segment;
    private long _segmentLength;
    private long _segmentPosition;

    public ToneGenerator(ToneSpec spec, int sampleRate = DefaultSampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1000);
        _sampleRate = sampleRate;
        _rampSamples = sampleRate * RampMs / 1000;
        _spec = spec;
        Start(spec);
    }

    /// <summary>True once a non-repeating cadence has played out; <see cref="Read"/> then writes nothing.</summary>
    public bool Finished { get; private set; }

    /// <summary>Samples written since the tone started.</summary>
    public long Position { get; private set; }

    /// <summary>Starts <paramref name="spec"/> from its beginning, replacing whatever was playing.</summary>
    public void Start(ToneSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _spec = spec;
        var count = spec.FrequencySpan.Length;
        if (_phase.Length != count)
        {
            _phase = new double[count];
            _step = new double[count];
            _peak = new double[count];
        }

        for (var i = 0; i < count; i++)
        {
            var f = spec.FrequencySpan[i];
            _step[i] = f.Hz / _sampleRate;
            _peak[i] = Dbm0.ToSinePeak(f.LevelDbm0);
        }

        Position = 0;
        Finished = false;
        EnterSegment(0);
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with the next samples and returns how many were written:
    /// all of them, unless the tone finished part-way (the rest is left untouched).
    /// </summary>
    public int Read(Span<short> destination)
    {
        var written = 0;
        while (written < destination.Length && !Finished)
        {
            var count = (int)Math.Min(destination.Length - written, _segmentLength - _segmentPosition);
            var chunk = destination.Slice(written, count);
            if (IsOn)
            {
                Synthesize(chunk);
            }
            else
            {
                chunk.Clear();
            }

            written += count;
            _segmentPosition += count;
            Position += count;
            if (_segmentPosition == _segmentLength)
            {
                EnterSegment(_segment + 1);
            }
        }

        return written;
    }

    // Even cadence entries are on-periods; a tone without cadence is one endless on-period.
    private bool IsOn => _segment % 2 == 0 && _peak.Length > 0;

    private void EnterSegment(int index)
    {
        var cadence = _spec.CadenceSpan;
        if (cadence.Length == 0)
        {
            _segment = 0;
            _segmentLength = long.MaxValue;
        }
        else
        {
            if (index == cadence.Length)
            {
                if (!_spec.Repeats)
                {
                    Finished = true;
                    return;
                }

                index = 0;
            }

            _segment = index;
            _segmentLength = (long)cadence[index] * _sampleRate / 1000;
        }

        _segmentPosition = 0;
        Array.Clear(_phase);
    }

    private void Synthesize(Span<short> chunk)
    {
        var ramp = Math.Min(_rampSamples, _segmentLength / 2);
        for (var n = 0; n < chunk.Length; n++)
        {
            var position = _segmentPosition + n;
            var edge = Math.Min(position, _segmentLength - 1 - position);
            var gain = edge < ramp ? 0.5 - (0.5 * Math.Cos(Math.PI * edge / ramp)) : 1.0;
            double value = 0;
            for (var i = 0; i < _phase.Length; i++)
            {
                value += _peak[i] * Math.Sin(2 * Math.PI * _phase[i]);
                _phase[i] += _step[i];
                if (_phase[i] >= 1)
                {
                    _phase[i] -= 1;
                }
            }

            chunk[n] = (short)Math.Clamp(Math.Round(gain * value), short.MinValue, short.MaxValue);
        }
    }
}
