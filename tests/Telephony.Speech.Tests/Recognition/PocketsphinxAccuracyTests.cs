using Telephony.Speech.Recognition;
using Telephony.Speech.Recognition.Pocketsphinx;

namespace Telephony.Speech.Tests.Recognition;

/// <summary>
/// Issue 11's accuracy bar on real recorded speech (pocketsphinx-testdata) through the telephone
/// path: 8 kHz G.711 as a call delivers it, upsampled by the recognizer. The engine's own CLI gets
/// 1 of 5 cards sentences through G.711 and 3 of 5 on the 16 kHz originals; the bar is 4 of 5.
/// </summary>
[NonParallelizable]
public class PocketsphinxAccuracyTests
{
    private static readonly PocketsphinxRecognizer Recognizer = new();

    [OneTimeTearDown]
    public void TearDown() => Recognizer.Dispose();

    [Test]
    public void At_least_four_of_five_cards_sentences_are_right_through_G711_at_8_kHz()
    {
        var right = CountRight(s => TelephoneChannel.Through(s, 16000), 8000);

        Assert.That(right, Is.GreaterThanOrEqualTo(4), "cards sentences right through PCMU 8 kHz");
    }

    [Test]
    public void At_least_four_of_five_cards_sentences_are_right_through_G711_A_law()
    {
        var right = CountRight(s => TelephoneChannel.Through(s, 16000, Telephony.Media.Codecs.AudioEncoding.Pcma), 8000);

        Assert.That(right, Is.GreaterThanOrEqualTo(4), "cards sentences right through PCMA 8 kHz");
    }

    [Test]
    public void At_least_four_of_five_cards_sentences_are_right_on_the_16_kHz_originals()
    {
        var right = CountRight(s => s, 16000);

        Assert.That(right, Is.GreaterThanOrEqualTo(4), "cards sentences right at 16 kHz");
    }

    [Test]
    public void Goforward_is_recognised_through_G711_with_word_timings_in_order()
    {
        var samples = TelephoneChannel.Through(PocketsphinxTestData.GoForward(), 16000);
        var grammar = new GrammarConstraint(File.ReadAllText(PocketsphinxTestData.GoForwardGrammar));

        var result = RecognizerRun.Recognize(Recognizer, grammar, samples, 8000);

        Assert.Multiple(() =>
        {
            Assert.That(result.Text, Is.EqualTo("go forward ten meters"));
            Assert.That(result.IsFinal, Is.True);
            Assert.That(result.Engine, Is.EqualTo("pocketsphinx"));
            Assert.That(result.Words.Select(w => w.Word), Is.EqualTo(new[] { "go", "forward", "ten", "meters" }));
            Assert.That(result.AudioLength.TotalSeconds, Is.EqualTo(samples.Length / 8000.0).Within(0.001));
            Assert.That(result.Confidence, Is.InRange(0.0, 1.0));

            // The recording has about 0.45 s of silence before "go"; every word follows the last and ends inside the audio.
            Assert.That(result.Words[0].Start.TotalSeconds, Is.InRange(0.3, 0.6));
            for (var i = 0; i < result.Words.Count; i++)
            {
                Assert.That(result.Words[i].End, Is.GreaterThan(result.Words[i].Start));
                Assert.That(result.Words[i].End, Is.LessThanOrEqualTo(result.AudioLength));
                if (i > 0)
                {
                    Assert.That(result.Words[i].Start, Is.GreaterThanOrEqualTo(result.Words[i - 1].End));
                }
            }
        });
    }

    [Test]
    public void Goforward_words_sit_at_the_same_times_at_8_and_16_kHz()
    {
        var original = PocketsphinxTestData.GoForward();
        var grammar = new GrammarConstraint(File.ReadAllText(PocketsphinxTestData.GoForwardGrammar));

        var wide = RecognizerRun.Recognize(Recognizer, grammar, original, 16000);
        var phone = RecognizerRun.Recognize(Recognizer, grammar, TelephoneChannel.Through(original, 16000), 8000);

        // A boundary between two words may move by a few frames (the d|t of "forward ten", 0.15 s
        // apart in the two bands; the 's' of "meters" lies mostly above 4 kHz), but a wrong frame
        // or sample rate would move the words by seconds.
        Assert.That(wide.Text, Is.EqualTo(phone.Text));
        for (var i = 0; i < wide.Words.Count; i++)
        {
            Assert.That(phone.Words[i].Start.TotalSeconds, Is.EqualTo(wide.Words[i].Start.TotalSeconds).Within(0.2), wide.Words[i].Word);
        }
    }

    private static int CountRight(Func<short[], short[]> channel, int rate)
    {
        var grammar = new GrammarConstraint(File.ReadAllText(PocketsphinxTestData.CardsGrammar));
        var right = 0;
        foreach (var (id, samples, text) in PocketsphinxTestData.Cards())
        {
            var result = RecognizerRun.Recognize(Recognizer, grammar, channel(samples), rate);
            var ok = result.Text == text;
            right += ok ? 1 : 0;
            TestContext.Out.WriteLine($"{id} {(ok ? "right" : "WRONG")}: '{result.Text}' (said '{text}') confidence {result.Confidence:F2} RTF {result.RealTimeFactor:F3}");
        }

        TestContext.Out.WriteLine($"{right} of 5 right at {rate} Hz");
        return right;
    }
}
