using System.Text;

namespace Telephony.Calls.Tests;

/// <summary>Deterministic mutations of the torture corpora: bit flips, cuts, repeated headers, huge numbers.</summary>
internal sealed class CorpusMutator
{
    private readonly Random _random;
    private readonly byte[][] _seeds;

    public CorpusMutator(int seed)
    {
        _random = new Random(seed);
        _seeds = Directory.GetFiles(Corpus.Folder, "*.dat", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToArray();
    }

    public byte[] Next()
    {
        var bytes = _seeds[_random.Next(_seeds.Length)];
        return _random.Next(5) switch
        {
            0 => FlipBits(bytes),
            1 => bytes[.._random.Next(bytes.Length)],
            2 => RepeatHeader(bytes),
            3 => HugeNumbers(bytes),
            _ => FlipBits(RepeatHeader(bytes[.._random.Next(bytes.Length / 2, bytes.Length)])),
        };
    }

    private byte[] FlipBits(byte[] input)
    {
        var copy = (byte[])input.Clone();
        for (var i = _random.Next(1, 8); i > 0 && copy.Length > 0; i--)
        {
            copy[_random.Next(copy.Length)] ^= (byte)(1 << _random.Next(8));
        }

        return copy;
    }

    private byte[] RepeatHeader(byte[] input)
    {
        var text = Encoding.Latin1.GetString(input);
        var lines = text.Split("\r\n").ToList();
        var headerEnd = lines.IndexOf(string.Empty);
        if (headerEnd < 2)
        {
            return input;
        }

        var line = lines[_random.Next(1, headerEnd)];
        for (var i = _random.Next(1, 300); i > 0; i--)
        {
            lines.Insert(1, line);
        }

        return Encoding.Latin1.GetBytes(string.Join("\r\n", lines));
    }

    private byte[] HugeNumbers(byte[] input)
    {
        var text = Encoding.Latin1.GetString(input);
        var huge = _random.Next(3) switch { 0 => "99999999999999999999999", 1 => "-1", _ => "4294967296" };
        return Encoding.Latin1.GetBytes(System.Text.RegularExpressions.Regex.Replace(text, "[0-9]+", m => _random.Next(4) == 0 ? huge : m.Value));
    }
}
