namespace Telephony.Media.Codecs.G722;

/// <summary>
/// Backward-adaptive quantiser scale of one sub-band: the standard's LOGSCL/SCALEL (lower band) and
/// LOGSCH/SCALEH (higher band), which differ only in their ceiling and in the exponent offset.
/// </summary>
/// <remarks>
/// The scale lives in the log domain (NBL/NBH) with a leak of 127/128 and is turned back into a linear
/// step size (DETL/DETH) through the 32-entry inverse-log table.
/// </remarks>
internal sealed class G722ScaleFactor
{
    private readonly int _logCeiling;
    private readonly int _exponentOffset;
    private readonly int _initialStep;
    private int _log;

    private G722ScaleFactor(int logCeiling, int exponentOffset, int initialStep)
    {
        _logCeiling = logCeiling;
        _exponentOffset = exponentOffset;
        _initialStep = initialStep;
        Step = initialStep;
    }

    /// <summary>The linear quantiser step (DETL or DETH) for the current sample.</summary>
    public int Step { get; private set; }

    public static G722ScaleFactor ForLowerBand() => new(18432, 8, 32);

    public static G722ScaleFactor ForHigherBand() => new(22528, 10, 8);

    public void Reset()
    {
        _log = 0;
        Step = _initialStep;
    }

    /// <summary>Moves the scale by the log multiplier W_L/W_H that the sample's code selected.</summary>
    public void Adapt(int logMultiplier)
    {
        _log = Math.Clamp(((_log * 127) >> 7) + logMultiplier, 0, _logCeiling);

        var mantissa = G722Tables.InverseLog[(_log >> 6) & 31];
        var shift = _exponentOffset - (_log >> 11);
        Step = (shift < 0 ? mantissa << -shift : mantissa >> shift) << 2;
    }
}
