namespace Telephony.Media.Tones;

/// <summary>Converts between dBm0 and 16-bit linear PCM (the samples G.711 decodes to).</summary>
/// <remarks>
/// G.711 puts the largest sine a codec can carry (its peak at the top decision value) at
/// +3.14 dBm0 for A-law and +3.17 dBm0 for μ-law. A full-scale 16-bit sine is taken as
/// +3.14 dBm0; the 0.03 dB between the two laws is far below any tolerance that matters here.
/// Tone levels are per frequency, as in Q.23/Q.24 and the tone plans.
/// </remarks>
public static class Dbm0
{
    private const double FullScaleSineDbm0 = 3.14;

    /// <summary>Peak amplitude of a 0 dBm0 sine: about 22 827.</summary>
    public static readonly double ZeroDbm0SinePeak = short.MaxValue * Math.Pow(10, -FullScaleSineDbm0 / 20);

    /// <summary>Peak amplitude of a sine at <paramref name="dbm0"/>.</summary>
    public static double ToSinePeak(double dbm0) => ZeroDbm0SinePeak * Math.Pow(10, dbm0 / 20);

    /// <summary>Mean square (power) of a sine at <paramref name="dbm0"/>.</summary>
    public static double ToMeanSquare(double dbm0)
    {
        var peak = ToSinePeak(dbm0);
        return peak * peak / 2;
    }

    /// <summary>Level in dBm0 of a signal with this mean square; −∞ for silence.</summary>
    public static double FromMeanSquare(double meanSquare) =>
        10 * Math.Log10(meanSquare / ToMeanSquare(0));
}
