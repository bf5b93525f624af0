namespace Telephony.Media.Tests.InBand;

/// <summary>A plain DFT term, independent of the detector's Goertzel code, to check generated tones.</summary>
internal static class Dft
{
    /// <summary>Mean-square power at <paramref name="hz"/>: A²/2 for a sine of peak A at that frequency.</summary>
    public static double Power(ReadOnlySpan<short> samples, double hz, int rate = Signal.Rate)
    {
        double re = 0, im = 0;
        for (var n = 0; n < samples.Length; n++)
        {
            var angle = 2 * Math.PI * hz * n / rate;
            re += samples[n] * Math.Cos(angle);
            im += samples[n] * Math.Sin(angle);
        }

        return 2 * ((re * re) + (im * im)) / ((double)samples.Length * samples.Length);
    }

    public static double MeanSquare(ReadOnlySpan<short> samples)
    {
        double sum = 0;
        foreach (var s in samples)
        {
            sum += (double)s * s;
        }

        return sum / samples.Length;
    }
}
