namespace Telephony.Media.Dtmf.InBand;

/// <summary>The power of one frequency in a block of samples, by the Goertzel recurrence.</summary>
/// <remarks>
/// Goertzel is a single DFT term computed as a two-pole resonator: one multiply and two adds per
/// sample, no table of twiddle factors. Evaluated with the exact frequency rather than the nearest
/// DFT bin (the "generalized" form), so the block length can be chosen for time and frequency
/// resolution without rounding the DTMF frequencies.
/// </remarks>
internal static class Goertzel
{
    /// <summary>The resonator coefficient 2·cos(2πf/fs) for a frequency.</summary>
    public static double Coefficient(double hz, int sampleRate) => 2 * Math.Cos(2 * Math.PI * hz / sampleRate);

    /// <summary>
    /// Mean-square power of the block's component at the coefficient's frequency, scaled so that a
    /// sine of peak A at that frequency gives A²/2: directly comparable with the block's own mean square.
    /// </summary>
    public static double Power(ReadOnlySpan<short> block, double coefficient)
    {
        double s1 = 0, s2 = 0;
        foreach (var x in block)
        {
            var s0 = x + (coefficient * s1) - s2;
            s2 = s1;
            s1 = s0;
        }

        // |X(f)|² from the last two resonator states; |X|² = (N·A/2)² for a matching sine.
        var magnitudeSquared = (s1 * s1) + (s2 * s2) - (coefficient * s1 * s2);
        return 2 * magnitudeSquared / ((double)block.Length * block.Length);
    }

    /// <summary>
    /// As <see cref="Power(ReadOnlySpan{short}, double)"/>, with each sample weighted by
    /// <paramref name="window"/> (as long as the block) and the result scaled by the window's sum,
    /// so a matching sine still gives A²/2.
    /// </summary>
    public static double Power(ReadOnlySpan<short> block, ReadOnlySpan<double> window, double windowSum, double coefficient)
    {
        double s1 = 0, s2 = 0;
        for (var n = 0; n < block.Length; n++)
        {
            var s0 = (block[n] * window[n]) + (coefficient * s1) - s2;
            s2 = s1;
            s1 = s0;
        }

        var magnitudeSquared = (s1 * s1) + (s2 * s2) - (coefficient * s1 * s2);
        return 2 * magnitudeSquared / (windowSum * windowSum);
    }
}
