namespace Telephony.Media.Quality;

/// <summary>
/// The ITU-T G.107 E-model, simplified for a VoIP call: a transmission rating R from one-way delay
/// and packet loss, and the estimated MOS it maps to.
/// </summary>
/// <remarks>
/// <para>
/// G.107 rates a connection as R = Ro − Is − Id − Ie,eff + A. With every other parameter at its
/// G.107 default (nominal loudness ratios, room and circuit noise, no advantage factor A), the
/// signal-to-noise and simultaneous impairments leave R = 93.2 for a zero-delay, lossless call;
/// what a VoIP call changes is the delay impairment Id and the effective equipment impairment Ie,eff:
/// </para>
/// <para>
/// R = 93.2 − Idd(Ta) − Ie,eff.
/// </para>
/// <para>
/// Id is taken as Idd alone, the impairment of an absolute one-way (mouth-to-ear) delay Ta, because
/// the talker-echo terms assume echo is cancelled (G.711 trunks and this engine do not add echo).
/// G.107 §7.4: Idd = 0 for Ta ≤ 100 ms, otherwise with X = log2(Ta / 100 ms):
/// Idd = 25 · [ (1 + X⁶)^(1/6) − 3 · (1 + (X/3)⁶)^(1/6) + 2 ].
/// </para>
/// <para>
/// Ie,eff = Ie + (95 − Ie) · Ppl / (Ppl / BurstR + Bpl), where Ppl is the packet loss in percent,
/// BurstR the burst ratio (1 for random loss), Ie the codec's impairment without loss and Bpl its
/// robustness to loss. G.113 Appendix I gives G.711 Ie = 0, with Bpl = 25.1 when the receiver
/// conceals lost packets (4.3 without).
/// </para>
/// <para>
/// G.107 Annex B maps R to an estimated conversational MOS: 1 below R = 0, 4.5 above R = 100, and
/// in between MOS = 1 + 0.035 R + R (R − 60)(100 − R) · 7·10⁻⁶ (R = 93.2 gives 4.41).
/// </para>
/// </remarks>
public static class EModel
{
    /// <summary>R of a zero-delay, lossless call with all G.107 defaults.</summary>
    public const double DefaultR = 93.2;

    /// <summary>G.711 equipment impairment without loss.</summary>
    public const double G711Ie = 0;

    /// <summary>G.711 packet-loss robustness with packet loss concealment.</summary>
    public const double G711PlcBpl = 25.1;

    /// <summary>G.711 packet-loss robustness without packet loss concealment.</summary>
    public const double G711NoPlcBpl = 4.3;

    /// <summary>Idd: the impairment of a one-way mouth-to-ear delay.</summary>
    public static double DelayImpairment(double oneWayDelayMs)
    {
        if (oneWayDelayMs <= 100)
        {
            return 0;
        }

        var x = Math.Log2(oneWayDelayMs / 100);
        return 25 * (Math.Pow(1 + Math.Pow(x, 6), 1.0 / 6) - (3 * Math.Pow(1 + Math.Pow(x / 3, 6), 1.0 / 6)) + 2);
    }

    /// <summary>Ie,eff: the codec's impairment including packet loss.</summary>
    /// <param name="lossPercent">Packets lost, 0–100.</param>
    /// <param name="ie">Codec impairment without loss.</param>
    /// <param name="bpl">Codec robustness to loss.</param>
    /// <param name="burstRatio">1 for random loss, above 1 for bursty loss.</param>
    public static double EffectiveEquipmentImpairment(double lossPercent, double ie = G711Ie, double bpl = G711PlcBpl, double burstRatio = 1)
    {
        var ppl = Math.Clamp(lossPercent, 0, 100);
        return ie + ((95 - ie) * ppl / ((ppl / burstRatio) + bpl));
    }

    /// <summary>R = 93.2 − Idd − Ie,eff (see the type's remarks).</summary>
    public static double RFactor(double oneWayDelayMs, double lossPercent, double ie = G711Ie, double bpl = G711PlcBpl, double burstRatio = 1) =>
        DefaultR - DelayImpairment(oneWayDelayMs) - EffectiveEquipmentImpairment(lossPercent, ie, bpl, burstRatio);

    /// <summary>Estimated MOS (1–4.5) for a rating R (G.107 Annex B).</summary>
    public static double Mos(double r)
    {
        if (r <= 0)
        {
            return 1;
        }

        if (r >= 100)
        {
            return 4.5;
        }

        // The polynomial dips just under 1 for R below about 6.5 (its slope at 0 is 0.035 − 0.042);
        // no MOS is below 1, so it is held there and the mapping stays monotonic.
        return Math.Max(1, 1 + (0.035 * r) + (r * (r - 60) * (100 - r) * 7e-6));
    }
}
