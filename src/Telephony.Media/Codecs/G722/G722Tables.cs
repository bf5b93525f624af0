namespace Telephony.Media.Codecs.G722;

/// <summary>The quantiser, inverse-quantiser, adaptation and QMF tables of ITU-T G.722 (64 kbit/s mode).</summary>
/// <remarks>
/// Values are those printed in the Recommendation; only the layout is ours. Where the standard indexes a
/// reconstruction level through a separate sign/magnitude mapping, the tables below are indexed directly by
/// the transmitted code so the hot path does one load.
/// </remarks>
internal static class G722Tables
{
    /// <summary>QMF coefficients h0…h23 (symmetric, sum 2^13).</summary>
    public static ReadOnlySpan<int> Qmf =>
    [
        3, -11, -11, 53, 12, -156, 32, 362, -210, -805, 951, 3876,
        3876, 951, -805, -210, 362, 32, -156, 12, 53, -11, -11, 3,
    ];

    /// <summary>Lower-band 6-bit quantiser decision levels Q6(1…29), scaled by DETL/4096; index 0 unused.</summary>
    public static ReadOnlySpan<int> LowDecisionLevels =>
    [
        0, 35, 72, 110, 150, 190, 233, 276, 323, 370, 422, 473, 530, 587, 650,
        714, 786, 858, 940, 1023, 1121, 1219, 1339, 1458, 1612, 1765, 1980, 2195, 2557, 2919,
    ];

    /// <summary>6-bit code for a negative difference in interval 1…30 (ILN); index 0 unused.</summary>
    public static ReadOnlySpan<byte> LowNegativeCodes =>
    [
        0, 63, 62, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19,
        18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4,
    ];

    /// <summary>6-bit code for a non-negative difference in interval 1…30 (ILP); index 0 unused.</summary>
    public static ReadOnlySpan<byte> LowPositiveCodes =>
    [
        0, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47,
        46, 45, 44, 43, 42, 41, 40, 39, 38, 37, 36, 35, 34, 33, 32,
    ];

    /// <summary>Lower-band 6-bit inverse quantiser output (QQ6 with sign) by code; codes 0…3 are never sent.</summary>
    public static ReadOnlySpan<int> LowLevels6 =>
    [
        -136, -136, -136, -136, -24808, -21904, -19008, -16704,
        -14984, -13512, -12280, -11192, -10232, -9360, -8576, -7856,
        -7192, -6576, -6000, -5456, -4944, -4464, -4008, -3576,
        -3168, -2776, -2400, -2032, -1688, -1360, -1040, -728,
        24808, 21904, 19008, 16704, 14984, 13512, 12280, 11192,
        10232, 9360, 8576, 7856, 7192, 6576, 6000, 5456,
        4944, 4464, 4008, 3576, 3168, 2776, 2400, 2032,
        1688, 1360, 1040, 728, 432, 136, -432, -136,
    ];

    /// <summary>
    /// Lower-band 4-bit inverse quantiser output (QQ4 with sign) by the 6-bit code's top four bits. The
    /// predictor and scale adaptation use this truncated code so an embedded decoder stays in step.
    /// </summary>
    public static ReadOnlySpan<int> LowLevels4 =>
    [
        0, -20456, -12896, -8968, -6288, -4240, -2584, -1200,
        20456, 12896, 8968, 6288, 4240, 2584, 1200, 0,
    ];

    /// <summary>Lower-band log scale factor multipliers W_L by the 4-bit code (RIL4 folded in).</summary>
    public static ReadOnlySpan<int> LowLogMultipliers =>
    [
        -60, 3042, 1198, 538, 334, 172, 58, -30,
        3042, 1198, 538, 334, 172, 58, -30, -60,
    ];

    /// <summary>Inverse log table ILB: 2048·2^(i/32), the mantissa of the linear scale factor.</summary>
    public static ReadOnlySpan<int> InverseLog =>
    [
        2048, 2093, 2139, 2186, 2233, 2282, 2332, 2383, 2435, 2489, 2543, 2599, 2656, 2714, 2774, 2834,
        2896, 2960, 3025, 3091, 3158, 3228, 3298, 3371, 3444, 3520, 3597, 3676, 3756, 3838, 3922, 4008,
    ];

    /// <summary>Higher-band 2-bit inverse quantiser output (QQ2 with sign) by code.</summary>
    public static ReadOnlySpan<int> HighLevels =>
    [
        -7408, -1616, 7408, 1616,
    ];

    /// <summary>Higher-band log scale factor multipliers W_H by code (RIH2 folded in).</summary>
    public static ReadOnlySpan<int> HighLogMultipliers =>
    [
        798, -214, 798, -214,
    ];

    /// <summary>Higher-band decision level Q2, scaled by DETH/4096.</summary>
    public const int HighDecisionLevel = 564;
}
