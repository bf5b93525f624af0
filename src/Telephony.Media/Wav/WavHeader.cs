using System.Buffers.Binary;

namespace Telephony.Media.Wav;

/// <summary>The 44-byte canonical header of a 16-bit PCM WAV file.</summary>
public static class WavHeader
{
    public const int Length = 44;

    /// <summary>Writes the RIFF/fmt/data header for <paramref name="dataBytes"/> of 16-bit PCM.</summary>
    public static void Write(Span<byte> destination, int sampleRate, short channels, int dataBytes)
    {
        "RIFF"u8.CopyTo(destination);
        BinaryPrimitives.WriteInt32LittleEndian(destination[4..], 36 + dataBytes);
        "WAVEfmt "u8.CopyTo(destination[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(destination[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(destination[20..], 1);
        BinaryPrimitives.WriteInt16LittleEndian(destination[22..], channels);
        BinaryPrimitives.WriteInt32LittleEndian(destination[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(destination[28..], sampleRate * 2 * channels);
        BinaryPrimitives.WriteInt16LittleEndian(destination[32..], (short)(2 * channels));
        BinaryPrimitives.WriteInt16LittleEndian(destination[34..], 16);
        "data"u8.CopyTo(destination[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(destination[40..], dataBytes);
    }
}
