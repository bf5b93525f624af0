using System.Buffers.Binary;

namespace Telephony.Media.Dtmf;

/// <summary>Writes RFC 4733 telephone-event payloads (§2.3): event, E bit, volume, duration.</summary>
public static class Rfc4733Encoder
{
    /// <summary>The event code of a key (0–9, * 10, # 11, A–D 12–15).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a DTMF key.</exception>
    public static byte EventCode(char key) => key switch
    {
        >= '0' and <= '9' => (byte)(key - '0'),
        '*' => 10,
        '#' => 11,
        >= 'A' and <= 'D' => (byte)(key - 'A' + 12),
        >= 'a' and <= 'd' => (byte)(key - 'a' + 12),
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "not a DTMF key (0-9 * # A-D)"),
    };

    /// <summary>Writes the 4-byte payload; <paramref name="volume"/> is the level in -dBm0 (0–63).</summary>
    public static void Write(Span<byte> destination, byte eventCode, bool end, byte volume, ushort durationSamples)
    {
        destination[0] = eventCode;
        destination[1] = (byte)((end ? 0x80 : 0) | (volume & 0x3F));
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], durationSamples);
    }
}
