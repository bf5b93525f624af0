using System.Buffers.Binary;

namespace Telephony.Media.Wav;

/// <summary>Writes 16-bit mono PCM WAV files crash-safely (temporary file, flush to disk, rename).</summary>
public static class WavWriter
{
    public static void WritePcm16(string path, int sampleRate, ReadOnlySpan<short> samples)
    {
        var bytes = new byte[44 + (samples.Length * 2)];
        var s = bytes.AsSpan();
        WavHeader.Write(s, sampleRate, channels: 1, samples.Length * 2);
        for (var i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(s[(44 + (2 * i))..], samples[i]);
        }

        var temp = path + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write))
        {
            file.Write(bytes);
            file.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }
}
