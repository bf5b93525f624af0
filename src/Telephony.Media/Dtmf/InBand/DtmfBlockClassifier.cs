using Telephony.Media.Tones;

namespace Telephony.Media.Dtmf.InBand;

/// <summary>Decides whether one block of 8 kHz samples carries a DTMF key, by the Q.24 signal conditions that a single block can show.</summary>
/// <remarks>
/// <para>
/// Timing (minimum duration, pause, one report per press) needs several blocks and is left to
/// <see cref="GoertzelDtmfDetector"/>. Every check here is relative except the level floor, so the
/// decision does not depend on the line's loss.
/// </para>
/// <para>
/// Two measurements, because no single window serves both jobs. Choosing the row and column needs
/// the unwindowed (rectangular) block: its main lobe is the narrowest, so 697 Hz and 770 Hz stay
/// apart. But its sidelobes are high (about −21 dB at the 268 Hz between 941 and 1209 Hz), so the
/// stronger tone's leakage into the weaker one's bin bends the twist by up to ±2 dB as their
/// phases drift from block to block. Once the pair is chosen, levels, twist and harmonics are
/// therefore measured again through a Hann window, whose sidelobes fall to about −41 dB there.
/// </para>
/// </remarks>
internal static class DtmfBlockClassifier
{
    /// <summary>The sample rate the frequencies and block length are designed for.</summary>
    public const int SampleRate = 8000;

    /// <summary>
    /// 102 samples (12.75 ms): the DFT main lobe is then 2·fs/N ≈ 157 Hz wide, so a tone leaks
    /// about 22 dB down into its closest neighbour (697/770 Hz, only 73 Hz apart), while a tone
    /// 1.5 % off frequency (Q.24's "must operate" tolerance) loses at most ≈1.5 dB. Much longer
    /// blocks would blur the 40 ms / 23 ms duration limits; much shorter ones could not tell
    /// neighbouring rows apart.
    /// </summary>
    public const int BlockLength = 102;

    /// <summary>
    /// −30 dBm0 per frequency: receivers are commonly required to accept keys down to −25 dBm0
    /// per frequency; 5 dB of margin covers a tone 1.5 % off frequency and noise, while staying
    /// well above the idle noise of a digital line.
    /// </summary>
    private const double MinToneDbm0 = -30;

    /// <summary>
    /// Normal twist: the high group may arrive up to 8 dB weaker than the low group, because line
    /// loss rises with frequency (Q.24 practice, and the limit most receivers share). The threshold
    /// is 1 dB wider so a key right at the limit is still accepted: the Hann window's scalloping
    /// loss differs by up to ≈0.5 dB between two tones each 1.5 % off frequency.
    /// </summary>
    private const double MaxNormalTwistDb = 8 + 1;

    /// <summary>
    /// Reverse twist: the high group may arrive only up to 4 dB stronger; phones pre-emphasise it by
    /// about 2 dB, and a short line takes nothing off, so much more is not a keypad. 1 dB of
    /// measurement margin as for normal twist.
    /// </summary>
    private const double MaxReverseTwistDb = 4 + 1;

    /// <summary>
    /// The chosen tone must beat every other tone of its group by 8 dB. A pure tone leaks at most
    /// −22 dB into its neighbour, and −12.6 dB when 1.5 % off towards it, so real keys pass with
    /// margin, while voiced speech, whose harmonics are 100–250 Hz apart, lights up neighbouring
    /// bins together.
    /// </summary>
    private const double GroupDominanceDb = 8;

    /// <summary>
    /// The two tones must hold at least this share of the block's whole power. A clean key gives
    /// ≈1.0, one 1.5 % off in both tones ≈0.7, and a key under white noise at 10 dB SNR ≈0.9; speech
    /// spreads its power over formants and harmonics and rarely gets near. This is the main
    /// talk-off guard.
    /// </summary>
    private const double MinToneShareOfTotal = 0.6;

    /// <summary>
    /// A tone's second harmonic must be 10 dB below it. DTMF senders produce almost none (a keypad
    /// tone is a clean sine), while the voiced speech that could imitate a tone pair is a harmonic
    /// series. Only checked where the harmonic is at least two bins (≈157 Hz, the Hann main lobe's
    /// half-width) from every DTMF frequency; for 697, 770 and 852 Hz it falls within one bin of a
    /// high-group tone that would mask it, and there the total-power share above catches the
    /// harmonic instead.
    /// </summary>
    private const double MaxSecondHarmonicDb = -10;

    private static readonly double[] LowCoefficients = Coefficients(DtmfKeypad.LowGroup, 1);
    private static readonly double[] HighCoefficients = Coefficients(DtmfKeypad.HighGroup, 1);
    private static readonly double[] LowHarmonicCoefficients = Coefficients(DtmfKeypad.LowGroup, 2);
    private static readonly double[] HighHarmonicCoefficients = Coefficients(DtmfKeypad.HighGroup, 2);
    private static readonly bool[] LowHarmonicClear = HarmonicsClear(DtmfKeypad.LowGroup);
    private static readonly bool[] HighHarmonicClear = HarmonicsClear(DtmfKeypad.HighGroup);
    private static readonly double[] Hann = HannWindow();
    private static readonly double HannSum = Hann.Sum();

    private static readonly double MinTonePower = Dbm0.ToMeanSquare(MinToneDbm0);
    private static readonly double NormalTwist = Ratio(MaxNormalTwistDb);
    private static readonly double ReverseTwist = Ratio(MaxReverseTwistDb);
    private static readonly double GroupDominance = Ratio(GroupDominanceDb);
    private static readonly double SecondHarmonic = Ratio(MaxSecondHarmonicDb);

    /// <summary>The key this block carries, or '\0' when it carries none.</summary>
    public static char Classify(ReadOnlySpan<short> block)
    {
        var total = MeanSquare(block);

        // Two tones each at the floor need twice its power; below that no Goertzel work is needed,
        // which is what keeps silence and quiet speech cheap.
        if (total < 2 * MinTonePower)
        {
            return '\0';
        }

        var (row, rowPower, rowRunnerUp) = Strongest(block, LowCoefficients);
        var (column, columnPower, columnRunnerUp) = Strongest(block, HighCoefficients);
        if (rowPower < rowRunnerUp * GroupDominance
            || columnPower < columnRunnerUp * GroupDominance
            || rowPower + columnPower < total * MinToneShareOfTotal)
        {
            return '\0';
        }

        var low = Windowed(block, LowCoefficients[row]);
        var high = Windowed(block, HighCoefficients[column]);
        var accepted =
            low >= MinTonePower && high >= MinTonePower
            && low <= high * NormalTwist
            && high <= low * ReverseTwist
            && (!LowHarmonicClear[row] || Windowed(block, LowHarmonicCoefficients[row]) <= low * SecondHarmonic)
            && (!HighHarmonicClear[column] || Windowed(block, HighHarmonicCoefficients[column]) <= high * SecondHarmonic);
        return accepted ? DtmfKeypad.KeyAt(row, column) : '\0';
    }

    private static (int Index, double Power, double RunnerUp) Strongest(ReadOnlySpan<short> block, double[] coefficients)
    {
        var best = -1;
        double bestPower = -1, runnerUp = 0;
        for (var i = 0; i < coefficients.Length; i++)
        {
            var power = Goertzel.Power(block, coefficients[i]);
            if (power > bestPower)
            {
                runnerUp = Math.Max(runnerUp, bestPower);
                best = i;
                bestPower = power;
            }
            else
            {
                runnerUp = Math.Max(runnerUp, power);
            }
        }

        return (best, bestPower, runnerUp);
    }

    private static double Windowed(ReadOnlySpan<short> block, double coefficient) =>
        Goertzel.Power(block, Hann, HannSum, coefficient);

    private static double MeanSquare(ReadOnlySpan<short> block)
    {
        double sum = 0;
        foreach (var x in block)
        {
            sum += (double)x * x;
        }

        return sum / block.Length;
    }

    private static double Ratio(double db) => Math.Pow(10, db / 10);

    private static double[] Coefficients(ReadOnlySpan<double> frequencies, int harmonic)
    {
        var result = new double[frequencies.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = Goertzel.Coefficient(harmonic * frequencies[i], SampleRate);
        }

        return result;
    }

    // Periodic Hann: the form whose sidelobes fall off fastest for spectral measurement.
    private static double[] HannWindow()
    {
        var window = new double[BlockLength];
        for (var n = 0; n < window.Length; n++)
        {
            window[n] = 0.5 - (0.5 * Math.Cos(2 * Math.PI * n / BlockLength));
        }

        return window;
    }

    private static bool[] HarmonicsClear(ReadOnlySpan<double> frequencies)
    {
        const double TwoBins = 2.0 * SampleRate / BlockLength;
        var result = new bool[frequencies.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = true;
            foreach (var other in (ReadOnlySpan<double>)[.. DtmfKeypad.LowGroup, .. DtmfKeypad.HighGroup])
            {
                result[i] &= Math.Abs((2 * frequencies[i]) - other) >= TwoBins;
            }
        }

        return result;
    }
}
