namespace Telephony.Speech.Tests.Synthesis;

/// <summary>Measures on rendered audio: is it speech-like loud, and how long.</summary>
internal static class AudioChecks
{
    /// <summary>Root mean square on the 16-bit scale; silence is 0, quiet speech a few hundred.</summary>
    public static double Rms(ReadOnlySpan<short> samples)
    {
        if (samples.Length == 0)
        {
            return 0;
        }

        double sum = 0;
        foreach (var s in samples)
        {
            sum += (double)s * s;
        }

        return Math.Sqrt(sum / samples.Length);
    }

    public static async Task<List<short[]>> CollectAsync(IAsyncEnumerable<ReadOnlyMemory<short>> chunks)
    {
        var list = new List<short[]>();
        await foreach (var chunk in chunks)
        {
            list.Add(chunk.ToArray());
        }

        return list;
    }

    public static short[] Join(IEnumerable<short[]> chunks) => [.. chunks.SelectMany(c => c)];
}
