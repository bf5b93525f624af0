namespace Telephony.Media.ComfortNoise;

/// <summary>Reads an RFC 3389 comfort noise payload.</summary>
/// <remarks>
/// The payload is one noise-level byte, optionally followed by quantised reflection coefficients
/// describing the noise's spectrum (RFC 3389 §3). Only the level is used here: the noise we make
/// is white, which fills the silence at the right loudness; shaping its spectrum would matter for
/// a listener comparing timbres, not for a recording or a DTMF detector.
/// </remarks>
public static class ComfortNoisePayload
{
    /// <summary>Quietest level the field can carry: −127 dBov, digital silence in practice.</summary>
    public const int MaxLevelDbov = 127;

    /// <summary>
    /// The noise level in −dBov (0 loudest, 127 quietest); false for an empty payload. The level
    /// byte's most significant bit is reserved (always 0, §3) and ignored.
    /// </summary>
    public static bool TryReadLevel(ReadOnlySpan<byte> payload, out int levelDbov)
    {
        if (payload.IsEmpty)
        {
            levelDbov = 0;
            return false;
        }

        levelDbov = payload[0] & 0x7F;
        return true;
    }

    /// <summary>How many reflection coefficients follow the level (the model order), for logging and tests.</summary>
    public static int ReflectionCoefficientCount(ReadOnlySpan<byte> payload) => Math.Max(0, payload.Length - 1);
}
