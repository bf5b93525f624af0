using Telephony.Media.Dtmf.InBand;

namespace Telephony.Media.Tests.InBand;

/// <summary>
/// Talk-off: speech must not be taken for keys. Run on every recording of Debian's
/// pocketsphinx-testdata (human speech, 46.6 s) and on the repository's flite prompts (21.5 s,
/// including the spoken digit names), each as recorded, 10 dB quieter, and 6 and 12 dB louder
/// (where loud passages clip, as on a hot line). The allowance is zero false keys.
/// </summary>
public class TalkOffTests
{
    private static readonly double[] Gains = [-10, 0, 6, 12];

    [Test]
    public void Recorded_human_speech_gives_no_key([ValueSource(nameof(Gains))] double gainDb) =>
        AssertNoKeys(SpeechCorpus.Pocketsphinx(), gainDb);

    [Test]
    public void Synthesized_prompts_give_no_key([ValueSource(nameof(Gains))] double gainDb) =>
        AssertNoKeys(SpeechCorpus.Prompts(), gainDb);

    [Test]
    public void Speech_comes_no_closer_than_single_blocks()
    {
        // Beyond whole keys: how often a lone 12.75 ms block of speech looks like a key. A key needs
        // four in a row, so this is the talk-off margin; at the time of writing it is zero.
        var corpus = SpeechCorpus.Pocketsphinx().Concat(SpeechCorpus.Prompts()).ToList();
        int blocks = 0, passing = 0;
        foreach (var gain in Gains)
        {
            foreach (var (_, recording) in corpus)
            {
                var samples = Signal.Scale(recording, gain);
                for (var at = 0; at + DtmfBlockClassifier.BlockLength <= samples.Length; at += DtmfBlockClassifier.BlockLength / 2)
                {
                    blocks++;
                    passing += DtmfBlockClassifier.Classify(samples.AsSpan(at, DtmfBlockClassifier.BlockLength)) == '\0' ? 0 : 1;
                }
            }
        }

        TestContext.Out.WriteLine($"{passing} of {blocks} speech blocks pass as a key");
        Assert.That(passing, Is.LessThanOrEqualTo(blocks / 1000), "more than 0.1 % of speech blocks pass as a key");
    }

    private static void AssertNoKeys(IReadOnlyList<(string Name, short[] Samples)> corpus, double gainDb)
    {
        var seconds = corpus.Sum(r => r.Samples.Length) / (double)Signal.Rate;
        var falseKeys = corpus
            .Select(r => (r.Name, Run: DetectorRun.Of(Signal.Scale(r.Samples, gainDb))))
            .Where(r => r.Run.Started.Count > 0)
            .Select(r => $"{r.Name}: {r.Run.Keys} at samples {string.Join(", ", r.Run.Started.Select(d => d.StartSample))}")
            .ToList();

        TestContext.Out.WriteLine($"{seconds:F1} s of speech at {gainDb:+0;-0;0} dB: {falseKeys.Count} recordings with false keys");
        Assert.That(falseKeys, Is.Empty);
    }
}
