namespace Telephony.Media.Audio;

/// <summary>
/// Resamples a continuous stream frame by frame between 8 and 16 kHz (the rates of G.711 and
/// G.722), keeping the filter's history across frames, so frame edges are inaudible.
/// </summary>
/// <remarks>
/// The filter is <see cref="Resampler"/>'s windowed sinc, as a fixed FIR at the higher rate: up,
/// the input is spread onto the 16 kHz grid (every other sample zero, doubled) and filtered; down,
/// the 16 kHz input is filtered and every other output kept. The output lags the input by half the
/// filter (about 3 ms). Equal rates copy. Buffers are sized at construction for frames up to
/// <see cref="MaxInputSamples"/>; nothing is allocated per frame. One stream, one thread.
/// </remarks>
internal sealed class StreamResampler
{
    /// <summary>The longest frame accepted: 60 ms at 16 kHz.</summary>
    public const int MaxInputSamples = 960;

    private readonly float[] _taps;
    private readonly float[] _work;
    private readonly int _history;
    private readonly bool _up;
    private int _phase;

    public StreamResampler(int fromRate, int toRate)
    {
        if (fromRate is not (8000 or 16000) || toRate is not (8000 or 16000))
        {
            throw new ArgumentOutOfRangeException(nameof(toRate), "streams are resampled between 8 and 16 kHz only");
        }

        FromRate = fromRate;
        ToRate = toRate;
        if (fromRate == toRate)
        {
            _taps = [];
            _work = [];
            return;
        }

        _up = toRate > fromRate;
        _taps = Resampler.LowPassTaps(2);
        _history = _taps.Length - 1;
        _work = new float[_history + (2 * MaxInputSamples)];
    }

    public int FromRate { get; }

    public int ToRate { get; }

    /// <summary>How many samples <see cref="Process"/> writes for <paramref name="inputSamples"/> (at most; down, an odd count carries a phase over).</summary>
    public int OutputLength(int inputSamples) => FromRate == ToRate ? inputSamples : _up ? 2 * inputSamples : (inputSamples + 1) / 2;

    /// <summary>Resamples <paramref name="input"/> into <paramref name="output"/>; returns the samples written.</summary>
    /// <exception cref="ArgumentException">The input is longer than <see cref="MaxInputSamples"/> or the output too short.</exception>
    public int Process(ReadOnlySpan<short> input, Span<short> output)
    {
        if (input.Length > MaxInputSamples || output.Length < OutputLength(input.Length))
        {
            throw new ArgumentException("frame longer than 60 ms at 16 kHz, or output too short", nameof(input));
        }

        if (FromRate == ToRate)
        {
            input.CopyTo(output);
            return input.Length;
        }

        // The work buffer holds the filter's history, then this frame on the high-rate grid.
        var grid = _up ? 2 * input.Length : input.Length;
        var fresh = _work.AsSpan(_history, grid);
        if (_up)
        {
            for (var i = 0; i < input.Length; i++)
            {
                fresh[2 * i] = 2 * input[i];
                fresh[(2 * i) + 1] = 0;
            }
        }
        else
        {
            for (var i = 0; i < input.Length; i++)
            {
                fresh[i] = input[i];
            }
        }

        var written = 0;
        var taps = _taps.AsSpan();
        for (var n = 0; n < grid; n++)
        {
            if (!_up && ((_phase + n) & 1) != 0)
            {
                continue;
            }

            var window = _work.AsSpan(n, taps.Length);
            float sum = 0;
            for (var k = 0; k < taps.Length; k++)
            {
                sum += taps[k] * window[k];
            }

            output[written++] = (short)Math.Clamp(MathF.Round(sum), short.MinValue, short.MaxValue);
        }

        _phase = (_phase + grid) & 1;
        _work.AsSpan(grid, _history).CopyTo(_work);
        return written;
    }

    /// <summary>A new stream: the history is silence again.</summary>
    public void Reset()
    {
        Array.Clear(_work);
        _phase = 0;
    }
}
