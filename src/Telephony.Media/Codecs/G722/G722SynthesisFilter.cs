namespace Telephony.Media.Codecs.G722;

/// <summary>The receive QMF: rebuilds two 16 kHz samples from each pair of reconstructed sub-band samples.</summary>
/// <remarks>
/// The filter runs on the sum and difference of the bands (XS = RL + RH, XD = RL − RH), each through one
/// polyphase half of the 24-tap filter. Histories are doubled rings, as in <see cref="G722AnalysisFilter"/>.
/// </remarks>
internal sealed class G722SynthesisFilter
{
    private const int Length = 12;
    private readonly int[] _difference = new int[2 * Length];
    private readonly int[] _sum = new int[2 * Length];
    private int _position;

    public void Reset()
    {
        Array.Clear(_difference);
        Array.Clear(_sum);
        _position = 0;
    }

    /// <summary>Takes RL and RH and returns the two output samples, older first.</summary>
    public (short First, short Second) Merge(int low, int high)
    {
        _difference[_position] = _difference[_position + Length] = low - high;
        _sum[_position] = _sum[_position + Length] = low + high;
        _position = _position == Length - 1 ? 0 : _position + 1;

        // Windows run oldest first; with h symmetric, h(2i) on XD(j−i) is h(2k+1) on window entry k, and vice versa.
        ReadOnlySpan<int> difference = _difference.AsSpan(_position, Length);
        ReadOnlySpan<int> sum = _sum.AsSpan(_position, Length);
        ReadOnlySpan<int> h = G722Tables.Qmf;
        int first = 0, second = 0;
        for (var k = 0; k < Length; k++)
        {
            first += h[(2 * k) + 1] * difference[k];
            second += h[2 * k] * sum[k];
        }

        // The analysis halved the signal into 15-bit bands; the shift of 11 rather than 12 doubles it back.
        return (ToSample(first >> 11), ToSample(second >> 11));
    }

    // Ringing on full-scale input can overshoot 16 bits; limiting it, as the standard does, keeps a loud edge
    // from wrapping into a full-scale click of the opposite sign (spandsp 0.0.6 wraps; nothing else differs).
    private static short ToSample(int value) => (short)Math.Clamp(value, short.MinValue, short.MaxValue);
}
