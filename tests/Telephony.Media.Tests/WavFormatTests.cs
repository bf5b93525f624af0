using System.Buffers.Binary;
using Telephony.Media.Codecs;
using Telephony.Media.Wav;

namespace Telephony.Media.Tests;

/// <summary>Prompt files as admins' tools write them: every common sample format, mono and stereo, plain and extensible headers.</summary>
public class WavFormatTests
{
    public enum Sample
    {
        Pcm8,
        Pcm16,
        Pcm24,
        Pcm32,
        Float32,
        Float64,
        MuLaw,
        ALaw,
    }

    private static (ushort Format, int Bytes) Layout(Sample s) => s switch
    {
        Sample.Pcm8 => (1, 1),
        Sample.Pcm16 => (1, 2),
        Sample.Pcm24 => (1, 3),
        Sample.Pcm32 => (1, 4),
        Sample.Float32 => (3, 4),
        Sample.Float64 => (3, 8),
        Sample.MuLaw => (7, 1),
        _ => (6, 1),
    };

    /// <summary>Writes one sample (on a −1…1 scale) the way the format stores it.</summary>
    private static void Put(Span<byte> at, Sample s, double x)
    {
        switch (s)
        {
            case Sample.Pcm8: at[0] = (byte)(128 + Math.Round(x * 127)); break;
            case Sample.Pcm16: BinaryPrimitives.WriteInt16LittleEndian(at, (short)Math.Round(x * 32767)); break;
            case Sample.Pcm24:
                var v = (int)Math.Round(x * 8388607);
                at[0] = (byte)v;
                at[1] = (byte)(v >> 8);
                at[2] = (byte)(v >> 16);
                break;
            case Sample.Pcm32: BinaryPrimitives.WriteInt32LittleEndian(at, (int)Math.Round(x * int.MaxValue)); break;
            case Sample.Float32: BinaryPrimitives.WriteSingleLittleEndian(at, (float)x); break;
            case Sample.Float64: BinaryPrimitives.WriteDoubleLittleEndian(at, x); break;
            case Sample.MuLaw: at[0] = G711.LinearToMuLaw((short)Math.Round(x * 32767)); break;
            default: at[0] = G711.LinearToALaw((short)Math.Round(x * 32767)); break;
        }
    }

    /// <summary>A WAV file of <paramref name="frames"/> (one value per channel each); with <paramref name="extensible"/> the format sits in WAVE_FORMAT_EXTENSIBLE's sub-format GUID.</summary>
    internal static byte[] Build(Sample sample, int rate, double[][] frames, bool extensible = false)
    {
        var (format, bytes) = Layout(sample);
        var channels = frames[0].Length;
        var data = new byte[frames.Length * channels * bytes];
        for (var i = 0; i < frames.Length; i++)
        {
            for (var c = 0; c < channels; c++)
            {
                Put(data.AsSpan(((i * channels) + c) * bytes), sample, frames[i][c]);
            }
        }

        var fmt = new byte[extensible ? 40 : 16];
        BinaryPrimitives.WriteUInt16LittleEndian(fmt, extensible ? (ushort)0xFFFE : format);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(2), (ushort)channels);
        BinaryPrimitives.WriteInt32LittleEndian(fmt.AsSpan(4), rate);
        BinaryPrimitives.WriteInt32LittleEndian(fmt.AsSpan(8), rate * channels * bytes);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(12), (ushort)(channels * bytes));
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(14), (ushort)(bytes * 8));
        if (extensible)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(16), 22);
            BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(18), (ushort)(bytes * 8));
            BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(24), format); // the GUID's first two bytes are the format code
            byte[] guidTail = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];
            guidTail.CopyTo(fmt.AsSpan(26));
        }

        var body = new List<byte>("WAVE"u8.ToArray());
        body.AddRange("fmt "u8.ToArray());
        body.AddRange(BitConverter.GetBytes(fmt.Length));
        body.AddRange(fmt);
        body.AddRange("data"u8.ToArray());
        body.AddRange(BitConverter.GetBytes(data.Length));
        body.AddRange(data);
        return [.. "RIFF"u8, .. BitConverter.GetBytes(body.Count), .. body];
    }

    internal static double[][] Sine(double hz, int rate, int count, int channels, double level = 0.5) =>
        Enumerable.Range(0, count).Select(i => Enumerable.Repeat(level * Math.Sin(2 * Math.PI * hz * i / rate), channels).ToArray()).ToArray();

    [Test]
    public void Every_sample_format_reads_as_the_same_16_bit_audio(
        [Values] Sample sample,
        [Values(1, 2)] int channels,
        [Values(false, true)] bool extensible)
    {
        var frames = Sine(440, 16000, 400, channels);

        var audio = WavReader.Read(new MemoryStream(Build(sample, 16000, frames, extensible)));

        // G.711 keeps 8 bits of log scale (≤ 1/32 of a 16000 peak); 8-bit PCM a step of 256; the rest are within rounding.
        var tolerance = sample switch
        {
            Sample.MuLaw or Sample.ALaw => 520,
            Sample.Pcm8 => 300,
            _ => 2,
        };
        var expected = frames.Select(f => f[0] * 32767).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(audio.SampleRate, Is.EqualTo(16000));
            Assert.That(audio.Samples, Has.Length.EqualTo(400));
            Assert.That(audio.Samples.Zip(expected, (a, e) => Math.Abs(a - e)).Max(), Is.LessThanOrEqualTo(tolerance));
        });
    }

    [Test]
    public void Stereo_channels_are_averaged()
    {
        double[][] frames = [[0.5, -0.25], [1.0, 1.0], [-1.0, 0.0]];

        var audio = WavReader.Read(new MemoryStream(Build(Sample.Float32, 44100, frames)));

        Assert.That(audio.Samples, Is.EqualTo(new short[] { 4096, 32767, -16384 }));
    }

    [Test]
    public void Float_beyond_full_scale_is_clipped_not_wrapped()
    {
        double[][] frames = [[1.5], [-3.0]];

        var audio = WavReader.Read(new MemoryStream(Build(Sample.Float32, 8000, frames)));

        Assert.That(audio.Samples, Is.EqualTo(new short[] { 32767, -32768 }));
    }
}
