namespace Telephony.Media.Codecs.G722;

/// <summary>
/// The adaptive pole-zero predictor of one G.722 sub-band (two poles, six zeros): the standard's blocks
/// RECONS, PARREC, UPPOL2, UPPOL1, UPZERO, DELAYA, FILTEP, FILTEZ and PREDIC, shared by both bands.
/// </summary>
/// <remarks>
/// Encoder and decoder run identical copies fed with the same quantised differences, which is what keeps
/// them in step without side information. All arithmetic is the standard's 16-bit fixed point; the
/// saturations are part of the algorithm, not a safety net, so they must stay exactly where they are.
/// </remarks>
internal sealed class G722Predictor
{
    private int _a1;
    private int _a2;
    private int _b1;
    private int _b2;
    private int _b3;
    private int _b4;
    private int _b5;
    private int _b6;
    private int _d1;
    private int _d2;
    private int _d3;
    private int _d4;
    private int _d5;
    private int _d6;
    private int _p1;
    private int _p2;
    private int _r1;
    private int _r2;
    private int _zeroPart;

    /// <summary>The signal estimate for the next sample (S_L or S_H).</summary>
    public int Estimate { get; private set; }

    public void Reset()
    {
        _a1 = _a2 = 0;
        _b1 = _b2 = _b3 = _b4 = _b5 = _b6 = 0;
        _d1 = _d2 = _d3 = _d4 = _d5 = _d6 = 0;
        _p1 = _p2 = _r1 = _r2 = 0;
        _zeroPart = 0;
        Estimate = 0;
    }

    /// <summary>Adapts to the quantised difference <paramref name="d"/> of this sample and predicts the next.</summary>
    public void Update(int d)
    {
        // RECONS and PARREC: reconstructed signal and the partially reconstructed one (without the pole part).
        var r = Saturate(Estimate + d);
        var p = Saturate(d + _zeroPart);

        // UPPOL2 then UPPOL1: sign-sign adaptation of the pole section, leaked, then limited to keep it stable.
        var pNegative = p < 0;
        var sameAsP1 = pNegative == (_p1 < 0);
        var sameAsP2 = pNegative == (_p2 < 0);

        // 16-bit arithmetic throughout: a1·4 saturates, and so does its negation (−(−32768) is 32767).
        var a1Times4 = Saturate(_a1 * 4);
        var a2 = ((sameAsP1 ? Saturate(-a1Times4) : a1Times4) >> 7) + (sameAsP2 ? 128 : -128) + ((_a2 * 32512) >> 15);
        a2 = Math.Clamp(a2, -12288, 12288);

        var a1 = Saturate((sameAsP1 ? 192 : -192) + ((_a1 * 32640) >> 15));
        var a1Limit = 15360 - a2;
        a1 = Math.Clamp(a1, -a1Limit, a1Limit);

        // UPZERO: sign-sign adaptation of the zero section; a zero difference only leaks.
        var step = d == 0 ? 0 : 128;
        var dNegative = d < 0;
        var b1 = Saturate(ZeroStep(step, dNegative, _d1) + ((_b1 * 32640) >> 15));
        var b2 = Saturate(ZeroStep(step, dNegative, _d2) + ((_b2 * 32640) >> 15));
        var b3 = Saturate(ZeroStep(step, dNegative, _d3) + ((_b3 * 32640) >> 15));
        var b4 = Saturate(ZeroStep(step, dNegative, _d4) + ((_b4 * 32640) >> 15));
        var b5 = Saturate(ZeroStep(step, dNegative, _d5) + ((_b5 * 32640) >> 15));
        var b6 = Saturate(ZeroStep(step, dNegative, _d6) + ((_b6 * 32640) >> 15));

        // DELAYA: everything moves one sample into the past.
        _d6 = _d5;
        _d5 = _d4;
        _d4 = _d3;
        _d3 = _d2;
        _d2 = _d1;
        _d1 = d;
        (_b1, _b2, _b3, _b4, _b5, _b6) = (b1, b2, b3, b4, b5, b6);
        (_a1, _a2) = (a1, a2);
        _r2 = _r1;
        _r1 = r;
        _p2 = _p1;
        _p1 = p;

        // FILTEP, FILTEZ and PREDIC: the estimate for the next sample.
        var polePart = Saturate(((_a1 * Saturate(_r1 + _r1)) >> 15) + ((_a2 * Saturate(_r2 + _r2)) >> 15));
        var zeroPart = (_b1 * Saturate(_d1 + _d1)) >> 15;
        zeroPart = Saturate(zeroPart + ((_b2 * Saturate(_d2 + _d2)) >> 15));
        zeroPart = Saturate(zeroPart + ((_b3 * Saturate(_d3 + _d3)) >> 15));
        zeroPart = Saturate(zeroPart + ((_b4 * Saturate(_d4 + _d4)) >> 15));
        zeroPart = Saturate(zeroPart + ((_b5 * Saturate(_d5 + _d5)) >> 15));
        zeroPart = Saturate(zeroPart + ((_b6 * Saturate(_d6 + _d6)) >> 15));
        _zeroPart = zeroPart;
        Estimate = Saturate(polePart + zeroPart);
    }

    private static int ZeroStep(int step, bool dNegative, int past) => dNegative == (past < 0) ? step : -step;

    internal static int Saturate(int value) => Math.Clamp(value, short.MinValue, short.MaxValue);
}
