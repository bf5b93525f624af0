namespace Telephony.Media.Codecs.G722;

/// <summary>The transmit QMF: splits 16 kHz audio into a lower and a higher 8 kHz sub-band, one pair at a time.</summary>
/// <remarks>
/// The 24 most recent input samples are kept twice in a 48-entry ring so the filter always reads one
/// contiguous window without shifting the history each pair.
/// </remarks>
internal sealed class G722AnalysisFilter
{
    private const int Taps = 24;
    private readonly int[] _history = new int[2 * Taps];
    private int _position;

    public void Reset()
    {
        Array.Clear(_history);
        _position = 0;
    }

    /// <summary>Takes the next two input samples (older first) and returns the sub-band samples XL and XH.</summary>
    public (int Low, int High) Split(int older, int newer)
    {
        Push(older);
        Push(newer);

        // Oldest sample first; the newest sits at the odd tap 23, which carries h0 (= h23, the filter is symmetric).
        ReadOnlySpan<int> window = _history.AsSpan(_position, Taps);
        ReadOnlySpan<int> h = G722Tables.Qmf;
        int even = 0, odd = 0;
        for (var i = 0; i < Taps; i += 2)
        {
            even += h[i] * window[i];
            odd += h[i + 1] * window[i + 1];
        }

        return ((odd + even) >> 14, (odd - even) >> 14);
    }

    private void Push(int sample)
    {
        _history[_position] = sample;
        _history[_position + Taps] = sample;
        _position = _position == Taps - 1 ? 0 : _position + 1;
    }
}
