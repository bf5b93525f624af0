namespace Telephony.Speech.Vad;

/// <summary>
/// The fallback detector when the Silero model is missing: the level of each 20 ms frame in dBFS
/// against an adaptive noise floor, with the same hysteresis as Silero. A frame is voiced when it
/// is <see cref="VadOptions.EnergyMarginDb"/> above the floor and louder than
/// <see cref="VadOptions.EnergyMinimumDbfs"/>. It tells loud from quiet, not speech from noise: a
/// door slam or music is "speech" to it, which is why Silero is the default.
/// </summary>
/// <remarks>
/// The floor follows the quietest recent audio: it drops quickly to a quieter frame and climbs
/// slowly otherwise (fast in pauses, slower still during speech, so a steady rise of the line's
/// noise is learned in seconds while an utterance barely moves it). It starts at the first frame's
/// level, capped at <see cref="InitialFloorCapDbfs"/> so a caller who speaks first does not teach
/// it that speech is the floor.
/// </remarks>
public sealed class EnergyVad : IVoiceActivityDetector, IVadWindowJudge
{
    /// <summary>One analysis frame: 20 ms at 8 kHz, the media layer's frame.</summary>
    public const int FrameSamples = 160;

    /// <summary>The level given to digital silence (log of zero); below anything a line carries.</summary>
    public const double SilenceDbfs = -100;

    private const double InitialFloorCapDbfs = -55;

    /// <summary>How much lower ongoing speech may fall and still count (dB), like Silero's staying threshold.</summary>
    private const double StayMarginDb = 3;

    /// <summary>Share of the gap a quieter frame pulls the floor down by.</summary>
    private const double FallRate = 0.5;

    /// <summary>dB per frame the floor climbs in a pause (2.5 dB/s) and during speech (0.25 dB/s).</summary>
    private const double RisePerFrameInPause = 0.05;
    private const double RisePerFrameInSpeech = 0.005;

    private readonly VadWindowing _windowing;
    private readonly double _margin;
    private readonly double _minimum;
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
        if (double.IsNaN(_floor))
        {
            _floor = Math.Min(level, InitialFloorCapDbfs);
        }

        var needed = Math.Max(_floor + _margin, _minimum) - (voicing ? StayMarginDb : 0);
        var voiced = level >= needed;
        if (level < _floor)
        {
            _floor += (level - _floor) * FallRate;
        }
        else
        {
            _floor = Math.Min(level, _floor + (voiced ? RisePerFrameInSpeech : RisePerFrameInPause));
        }

        return voiced;
    }

    public void Dispose()
    {
        // Nothing native: the energy detector is plain arithmetic.
    }
}
