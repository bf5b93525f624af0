namespace Telephony.Speech.Vad;

/// <summary>
/// The fallback detector when the Silero model is missing: the level of each 20 ms frame in dBFS
/// against an adaptive noise floor, with the same hysteresis as Silero. A frame is voiced when it
/// is <see cref="VadOptions.EnergyMarginDb"/> above the floor and louder than
/// <see cref="VadOptions.EnergyMinimumDbfs"/>. It tells loud from quiet, not speech from noise: a
/// door slam or music is "speech" to it, which is why Silero is the default.
/// </summary>
/// <remarks>
/// The floor is the quietest audio of the last <see cref="FloorBlocks"/> × 100 ms (minimum
/// statistics): even continuous speech has pauses between syllables well below its vowels, so the
/// floor stays at the line's noise while someone talks, yet follows a louder line (a car, a
/// crowd) within 1.6 s. Until that much audio has been seen the floor is capped at
/// <see cref="LearningFloorCapDbfs"/>, so a caller who speaks at once does not teach it that
/// speech is the floor.
/// </remarks>
public sealed class EnergyVad : IVoiceActivityDetector, IVadWindowJudge
{
    /// <summary>One analysis frame: 20 ms at 8 kHz, the media layer's frame.</summary>
    public const int FrameSamples = 160;

    /// <summary>The level given to digital silence (log of zero); below anything a line carries.</summary>
    public const double SilenceDbfs = -100;

    private const int FramesPerBlock = 5;
    private const int FloorBlocks = 16;
    private const double LearningFloorCapDbfs = -55;

    /// <summary>How much lower ongoing speech may fall and still count (dB), like Silero's staying threshold.</summary>
    private const double StayMarginDb = 3;

    private readonly VadWindowing _windowing;
    private readonly double _margin;
    private readonly double _minimum;
    private readonly double[] _blockMinima = new double[FloorBlocks];
    private long _blocksSeen;
    private int _framesInBlock;
    private double _blockMinimum = double.PositiveInfinity;
    private double _floor = double.NaN;

    public EnergyVad(VadOptions? options = null)
    {
        options ??= new VadOptions();
        options.Validate();
        _windowing = new VadWindowing(FrameSamples, options);
        _margin = options.EnergyMarginDb;
        _minimum = options.EnergyMinimumDbfs;
    }

    public string Engine => "energy";

    public bool InSpeech => _windowing.InSpeech;

    public TimeSpan Position => _windowing.Position;

    /// <summary>The level of the last whole frame (dBFS).</summary>
    public double LastLevelDbfs { get; private set; } = SilenceDbfs;

    /// <summary>The noise floor after the last whole frame (dBFS; NaN before the first).</summary>
    public double NoiseFloorDbfs => _floor;

    public VadTransition Feed(ReadOnlySpan<short> samples) => _windowing.Feed(samples, this);

    /// <summary>Forgets the turn; the noise floor is kept, since the line is the same line.</summary>
    public void Reset() => _windowing.Reset();

    /// <summary>The RMS level of <paramref name="samples"/> in dBFS (full-scale sine = −3 dBFS), <see cref="SilenceDbfs"/> for digital silence.</summary>
    public static double LevelDbfs(ReadOnlySpan<short> samples)
    {
        if (samples.IsEmpty)
        {
            return SilenceDbfs;
        }

        long sum = 0;
        foreach (var s in samples)
        {
            sum += s * s;
        }

        var meanSquare = (double)sum / samples.Length;
        return meanSquare <= 0 ? SilenceDbfs : Math.Max(SilenceDbfs, 10 * Math.Log10(meanSquare / (32768.0 * 32768.0)));
    }

    bool IVadWindowJudge.IsVoiced(ReadOnlySpan<short> window, bool voicing)
    {
        var level = LevelDbfs(window);
        LastLevelDbfs = level;
        _floor = UpdateFloor(level);
        var needed = Math.Max(_floor + _margin, _minimum) - (voicing ? StayMarginDb : 0);
        return level >= needed;
    }

    /// <summary>Adds a frame's level to the minimum statistics and returns the floor.</summary>
    private double UpdateFloor(double level)
    {
        _blockMinimum = Math.Min(_blockMinimum, level);
        var floor = _blockMinimum;
        var completed = (int)Math.Min(_blocksSeen, FloorBlocks);
        for (var i = 0; i < completed; i++)
        {
            floor = Math.Min(floor, _blockMinima[i]);
        }

        if (++_framesInBlock == FramesPerBlock)
        {
            _blockMinima[_blocksSeen % FloorBlocks] = _blockMinimum;
            _blocksSeen++;
            _framesInBlock = 0;
            _blockMinimum = double.PositiveInfinity;
        }

        return _blocksSeen < FloorBlocks ? Math.Min(floor, LearningFloorCapDbfs) : floor;
    }

    public void Dispose()
    {
        // Nothing native: the energy detector is plain arithmetic.
    }
}
