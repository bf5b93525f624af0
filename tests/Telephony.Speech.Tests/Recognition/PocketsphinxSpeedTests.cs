using Telephony.Speech.Recognition;
using Telephony.Speech.Recognition.Pocketsphinx;

namespace Telephony.Speech.Tests.Recognition;

/// <summary>
/// Issue 11's speed target for grammar recognition: a real-time factor of at most 0.05 on one
/// core, measured as the recognising thread's CPU time (not wall time, which on this shared
/// machine counts other sessions' work) over the audio length, through the telephone path.
/// </summary>
[NonParallelizable]
public class PocketsphinxSpeedTests
{
    [Test]
    public void Grammar_recognition_of_telephone_audio_costs_at_most_five_hundredths_of_real_time()
    {
        using var recognizer = new PocketsphinxRecognizer();
        var grammar = new GrammarConstraint(File.ReadAllText(PocketsphinxTestData.CardsGrammar));
        var phone = PocketsphinxTestData.Cards().Select(c => TelephoneChannel.Through(c.Samples, 16000)).ToList();
        RecognizerRun.Recognize(recognizer, grammar, phone[0], 8000);

        double cpu = 0, audio = 0;
        for (var round = 0; round < 3; round++)
        {
            foreach (var samples in phone)
            {
                var result = RecognizerRun.Recognize(recognizer, grammar, samples, 8000);
                cpu += result.ProcessingTime.TotalSeconds;
                audio += result.AudioLength.TotalSeconds;
            }
        }

        TestContext.Out.WriteLine($"real-time factor {cpu / audio:F4} over {audio:F1} s of G.711 audio");
        Assert.That(cpu, Is.GreaterThan(0), "the CPU clock ran");
        Assert.That(cpu / audio, Is.LessThanOrEqualTo(0.05));
    }
}
