using System.Buffers.Binary;

namespace Telephony.Calls.Tests.Playback;

/// <summary>Test signals: WAV files in the formats admins' tools write, and measurements of what a caller hears.</summary>
internal static class TestAudio
{
    /// <summary>A tone as a WAV file: integer PCM of <paramref name="bits"/> (8, 16, 24, 32), or IEEE float with <paramref name="isFloat"/>; every channel the same.</summary>
    public static void WriteTone(string path, double hz, int rate, int channels, int bits, bool isFloat, double seconds, double level = 0.5)
    {
        var bytes = bits / 8;
        var frames = (int)(rate * seconds);
        var data = new byte[frames * channels * bytes];
        for (var i = 0; i < frames; i++)
        {
            var x = level * Math.Sin(2 * Math.PI * hz * i / rate);
            for (var c = 0; c < channels; c++)
            {
                var at = data.AsSpan(((i * channels) + c) * bytes);
                if (isFloat)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(at, (float)x);
                }
                else if (bits == 8)
                {
                    at[0] = (byte)(128 + Math.Round(x * 127));
                }
                else
                {
                    // Little-endian two's complement, top bytes of a 32-bit sample.
                    var v = (long)Math.Round(x * ((1L << (bits - 1)) - 1));
                    for (var b = 0; b < bytes; b++)
                    {
                        at[b] = (byte)(v >> (8 * b));
                    }
                }
            }
        }

        var header = new byte[44];
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4), 36 + data.Length);
        "WAVEfmt "u8.CopyTo(header.AsSpan(8));
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(16), 16);
        BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(20), (short)(isFloat ? 3 : 1));
        BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(22), (short)channels);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(24), rate);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(28), rate * channels * bytes);
        BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(32), (short)(channels * bytes));
        BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(34), (short)bits);
        "data"u8.CopyTo(header.AsSpan(36));
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(40), data.Length);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, [.. header, .. data]);
    }

    /// <summary>Level of <paramref name="hz"/> in dB relative to a full-scale sine (single-bin DFT over the block).</summary>
    public static double LevelDb(ReadOnlySpan<short> block, double hz, int rate)
    {
        double re = 0, im = 0;
        for (var n = 0; n < block.Length; n++)
        {
            var phase = 2 * Math.PI * hz * n / rate;
            re += block[n] * Math.Cos(phase);
            im += block[n] * Math.Sin(phase);
        }

        var amplitude = 2 * Math.Sqrt((re * re) + (im * im)) / block.Length;
        return 20 * Math.Log10(Math.Max(amplitude, 1e-9) / 32768);
    }

    /// <summary>Lengths in ms of alternating loud and quiet runs (5 ms blocks, −40 dBFS threshold).</summary>
    public static List<int> Cadence(ReadOnlySpan<short> pcm8k)
    {
        var runs = new List<int>();
        bool? on = null;
        for (var at = 0; at + 40 <= pcm8k.Length; at += 40)
        {
            var sum = 0.0;
            foreach (var s in pcm8k.Slice(at, 40))
            {
                sum += (double)s * s;
            }

            var now = 10 * Math.Log10((sum / 40) + 1e-9) > 20 * Math.Log10(32768 * 0.01);
            if (now != on)
            {
                runs.Add(0);
                on = now;
            }

            runs[^1] += 5;
        }

        return runs;
    }
}
