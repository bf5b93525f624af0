using System.Buffers.Binary;
using Telephony.Media.Codecs;

namespace Telephony.Media.Wav;

/// <summary>
/// Reads RIFF/WAVE files into mono 16-bit PCM: integer PCM of 8, 16, 24 or 32 bits, IEEE float of
/// 32 or 64 bits, G.711 A-law and μ-law (also inside WAVE_FORMAT_EXTENSIBLE); any rate from 4 to
/// 192 kHz; 1 to 8 channels, mixed down by averaging.
/// </summary>
/// <remarks>Prompt files come from admins' tools of every kind, so chunk order and extra chunks are tolerated; anything unusable is an <see cref="InvalidDataException"/> naming the file.</remarks>
public static class WavReader
{
    private const ushort FormatPcm = 1;
    private const ushort FormatFloat = 3;
    private const ushort FormatALaw = 6;
    private const ushort FormatMuLaw = 7;
    private const ushort FormatExtensible = 0xFFFE;

    public static WavAudio Read(string path)
    {
        try
        {
            return Parse(File.ReadAllBytes(path));
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    public static WavAudio Read(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return Parse(copy.ToArray());
    }

    private static WavAudio Parse(ReadOnlySpan<byte> file)
    {
        if (file.Length < 12 || !file[..4].SequenceEqual("RIFF"u8) || !file.Slice(8, 4).SequenceEqual("WAVE"u8))
        {
            throw new InvalidDataException("not a RIFF/WAVE file");
        }

        ushort format = 0, channels = 0, bits = 0;
        var rate = 0;
        ReadOnlySpan<byte> data = default;
        var haveData = false;
        var pos = 12;
        while (pos + 8 <= file.Length)
        {
            var id = file.Slice(pos, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(file[(pos + 4)..]);
            var body = pos + 8;
            var available = (int)Math.Min(size, (uint)(file.Length - body));
            if (id.SequenceEqual("fmt "u8))
            {
                if (available < 16)
                {
                    throw new InvalidDataException("fmt chunk is too short");
                }

                var fmt = file.Slice(body, available);
                format = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
                channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
                rate = BinaryPrimitives.ReadInt32LittleEndian(fmt[4..]);
                bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);
                if (format == FormatExtensible && available >= 26)
                {
                    format = BinaryPrimitives.ReadUInt16LittleEndian(fmt[24..]);
                }
            }
            else if (id.SequenceEqual("data"u8))
            {
                data = file.Slice(body, available);
                haveData = true;
            }

            pos = body + (int)Math.Min(size, int.MaxValue - 16) + (int)(size & 1);
            if (pos < 0)
            {
                break;
            }
        }

        if (format == 0)
        {
            throw new InvalidDataException("no fmt chunk");
        }

        if (!haveData)
        {
            throw new InvalidDataException("no data chunk");
        }

        if (channels is < 1 or > 8 || rate is < 4000 or > 192000)
        {
            throw new InvalidDataException($"unsupported layout: {channels} channels at {rate} Hz");
        }

        var sample = format switch
        {
            FormatPcm when bits is 8 or 16 or 24 or 32 => SampleFormat.Integer,
            FormatFloat when bits is 32 or 64 => SampleFormat.Float,
            FormatALaw when bits == 8 => SampleFormat.ALaw,
            FormatMuLaw when bits == 8 => SampleFormat.MuLaw,
            _ => throw new InvalidDataException($"unsupported encoding: format {format} with {bits} bits (use PCM of 8/16/24/32 bits, float, A-law or μ-law)"),
        };
        return new WavAudio(rate, MixDown(data, channels, bits / 8, sample));
    }

    private enum SampleFormat
    {
        Integer,
        Float,
        ALaw,
        MuLaw,
    }

    /// <summary>Every frame's channels averaged into one 16-bit sample (a mono file is copied as is).</summary>
    private static short[] MixDown(ReadOnlySpan<byte> data, int channels, int bytesPerSample, SampleFormat format)
    {
        var frameBytes = channels * bytesPerSample;
        var frames = data.Length / frameBytes;
        var samples = new short[frames];
        for (var i = 0; i < frames; i++)
        {
            var frame = data.Slice(i * frameBytes, frameBytes);
            double sum = 0;
            for (var c = 0; c < channels; c++)
            {
                sum += ReadSample(frame.Slice(c * bytesPerSample, bytesPerSample), format);
            }

            samples[i] = (short)Math.Clamp(Math.Round(sum / channels), short.MinValue, short.MaxValue);
        }

        return samples;
    }

    /// <summary>One sample on the 16-bit scale: wider PCM keeps its top 16 bits (plus a fraction), float is scaled by 32768.</summary>
    private static double ReadSample(ReadOnlySpan<byte> bytes, SampleFormat format) => format switch
    {
        SampleFormat.ALaw => G711.ALawToLinear(bytes[0]),
        SampleFormat.MuLaw => G711.MuLawToLinear(bytes[0]),
        SampleFormat.Float when bytes.Length == 4 => Math.Clamp(BinaryPrimitives.ReadSingleLittleEndian(bytes), -1f, 1f) * 32768.0,
        SampleFormat.Float => Math.Clamp(BinaryPrimitives.ReadDoubleLittleEndian(bytes), -1, 1) * 32768.0,

        // 8-bit WAV is the one unsigned width (128 is silence).
        _ when bytes.Length == 1 => (bytes[0] - 128) * 256.0,
        _ when bytes.Length == 2 => BinaryPrimitives.ReadInt16LittleEndian(bytes),
        _ when bytes.Length == 3 => ((bytes[2] << 24) | (bytes[1] << 16) | (bytes[0] << 8)) / 65536.0,
        _ => BinaryPrimitives.ReadInt32LittleEndian(bytes) / 65536.0,
    };
}
