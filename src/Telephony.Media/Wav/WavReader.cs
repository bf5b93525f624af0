using System.Buffers.Binary;
using Telephony.Media.Codecs;

namespace Telephony.Media.Wav;

/// <summary>Reads RIFF/WAVE files: 16-bit PCM (any rate, mono or stereo), G.711 A-law and μ-law.</summary>
/// <remarks>Prompt files come from admins' tools of every kind, so chunk order and extra chunks are tolerated; anything unusable is an <see cref="InvalidDataException"/> naming the file.</remarks>
public static class WavReader
{
    private const ushort FormatPcm = 1;
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

        if (channels is < 1 or > 2 || rate is < 4000 or > 192000)
        {
            throw new InvalidDataException($"unsupported layout: {channels} channels at {rate} Hz");
        }

        var mono = format switch
        {
            FormatPcm when bits == 16 => Pcm16(data, channels),
            FormatALaw when bits == 8 => G711Samples(data, channels, AudioEncoding.Pcma),
            FormatMuLaw when bits == 8 => G711Samples(data, channels, AudioEncoding.Pcmu),
            _ => throw new InvalidDataException($"unsupported encoding: format {format} with {bits} bits (use 16-bit PCM, A-law or μ-law)"),
        };
        return new WavAudio(rate, mono);
    }

    private static short[] Pcm16(ReadOnlySpan<byte> data, int channels)
    {
        var frames = data.Length / (2 * channels);
        var samples = new short[frames];
        for (var i = 0; i < frames; i++)
        {
            var at = i * 2 * channels;
            var left = BinaryPrimitives.ReadInt16LittleEndian(data[at..]);
            samples[i] = channels == 1 ? left : (short)((left + BinaryPrimitives.ReadInt16LittleEndian(data[(at + 2)..])) / 2);
        }

        return samples;
    }

    private static short[] G711Samples(ReadOnlySpan<byte> data, int channels, AudioEncoding law)
    {
        var frames = data.Length / channels;
        var samples = new short[frames];
        for (var i = 0; i < frames; i++)
        {
            var left = Decode(law, data[i * channels]);
            samples[i] = channels == 1 ? left : (short)((left + Decode(law, data[(i * channels) + 1])) / 2);
        }

        return samples;
    }

    private static short Decode(AudioEncoding law, byte code) =>
        law == AudioEncoding.Pcmu ? G711.MuLawToLinear(code) : G711.ALawToLinear(code);
}
