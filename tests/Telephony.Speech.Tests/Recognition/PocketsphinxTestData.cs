using Telephony.Media.Wav;

namespace Telephony.Speech.Tests.Recognition;

/// <summary>
/// Debian's pocketsphinx-testdata: real recorded speech nobody here made (the ./telephony script
/// installs it for the tests). Missing data fails the test that needs it, never skips it.
/// </summary>
internal static class PocketsphinxTestData
{
    public const string Folder = "/usr/share/pocketsphinx/test/data";

    public static string CardsGrammar => Require(Path.Combine(Folder, "cards", "cards.gram"));

    public static string GoForwardGrammar => Require(Path.Combine(Folder, "goforward.gram"));

    /// <summary>The five cards sentences: 16 kHz samples and the transcription line's words.</summary>
    public static List<(string Id, short[] Samples, string Text)> Cards()
    {
        var lines = File.ReadAllLines(Require(Path.Combine(Folder, "cards", "cards.transcription")));
        var list = new List<(string, short[], string)>();
        foreach (var line in lines.Where(l => l.Trim().Length > 0))
        {
            // "<s> ten of clubs  </s> (001)"
            var id = line[(line.LastIndexOf('(') + 1)..line.LastIndexOf(')')];
            var text = string.Join(' ', line[..line.LastIndexOf('(')].Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w is not ("<s>" or "</s>")));
            var wav = WavReader.Read(Require(Path.Combine(Folder, "cards", id + ".wav")));
            Assert.That(wav.SampleRate, Is.EqualTo(16000), id);
            list.Add((id, wav.Samples, text));
        }

        Assert.That(list, Has.Count.EqualTo(5), "the cards set has five sentences");
        return list;
    }

    /// <summary>goforward.raw: 16 kHz 16-bit little-endian mono, "go forward ten meters".</summary>
    public static short[] GoForward()
    {
        var bytes = File.ReadAllBytes(Require(Path.Combine(Folder, "goforward.raw")));
        var samples = new short[bytes.Length / 2];
        Buffer.BlockCopy(bytes, 0, samples, 0, samples.Length * 2);
        return samples;
    }

    private static string Require(string path) =>
        File.Exists(path) ? path : throw new AssertionException($"{path} is missing: install the Debian package pocketsphinx-testdata (./telephony test does)");
}
