using System.Buffers.Binary;
using Telephony.Media.Audio;
using Telephony.Media.Wav;

namespace Telephony.Media.Tests.InBand;

/// <summary>Real recorded speech at 8 kHz for talk-off tests: pocketsphinx's test recordings and the repository's flite prompts.</summary>
/// <remarks>Missing recordings fail the test, never skip it: a talk-off test that silently runs on nothing proves nothing.</remarks>
internal static class SpeechCorpus
{
    public const string PocketsphinxPackage = "pocketsphinx-testdata";
    private const string PocketsphinxData = "/usr/share/pocketsphinx/test/data";

    /// <summary>Human speech, 16 kHz 16-bit mono (WAV, or headerless little-endian .raw), resampled to 8 kHz.</summary>
    public static IReadOnlyList<(string Name, short[] Samples)> Pocketsphinx()
    {
        var files = Directory.Exists(PocketsphinxData)
            ? Directory.EnumerateFiles(PocketsphinxData, "*.*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".wav", StringComparison.Ordinal) || f.EndsWith(".raw", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];
        if (files.Count < 10)
        {
            Assert.Fail($"talk-off needs real speech from the Debian package {PocketsphinxPackage}, found {files.Count} recordings under {PocketsphinxData}: run `apt-get install -y {PocketsphinxPackage}`");
        }

        return [.. files.Select(f => (Path.GetRelativePath(PocketsphinxData, f), Resampler.ToRate(Read16k(f), 16000, Signal.Rate)))];
    }

    /// <summary>The built-in prompts, synthesized by flite at 8 kHz.</summary>
    public static IReadOnlyList<(string Name, short[] Samples)> Prompts()
    {
        var dir = Path.Combine(RepositoryRoot(), "prompts");
        var files = Directory.Exists(dir) ? Directory.GetFiles(dir, "*.wav", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList() : [];
        if (files.Count < 10)
        {
            Assert.Fail($"talk-off needs the flite prompts in {dir} (prompts/*.wav, prompts/digits/*.wav; regenerate with prompts/generate.sh), found {files.Count}");
        }

        return [.. files.Select(f => (Path.GetRelativePath(dir, f), Resampled(WavReader.Read(f))))];
    }

    private static short[] Resampled(WavAudio audio) => Resampler.ToRate(audio.Samples, audio.SampleRate, Signal.Rate);

    private static short[] Read16k(string path)
    {
        if (path.EndsWith(".wav", StringComparison.Ordinal))
        {
            var audio = WavReader.Read(path);
            Assert.That(audio.SampleRate, Is.EqualTo(16000), path);
            return audio.Samples;
        }

        var bytes = File.ReadAllBytes(path);
        var samples = new short[bytes.Length / 2];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(2 * i));
        }

        return samples;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Telephony.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("no Telephony.sln above " + TestContext.CurrentContext.TestDirectory);
    }
}
