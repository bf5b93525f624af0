using Telephony.Speech.Recognition;
using Telephony.Speech.Recognition.Grammars;
using Telephony.Speech.Recognition.Pocketsphinx;
using Telephony.Speech.Synthesis;

namespace Telephony.Speech.Tests.Recognition;

/// <summary>
/// Issue 11's loop: every word of a menu spoken by each flite voice, through the phone (8 kHz,
/// G.711 µ-law and back), recognised against the menu's grammar. Real flite, real pocketsphinx.
/// </summary>
public class TtsAsrLoopTests
{
    private static readonly string[] MenuWords = ["billing", "sales", "support", "agent", "balance", "cancel"];

    [TestCase("kal")]
    [TestCase("slt")]
    [TestCase("rms")]
    [TestCase("awb")]
    public async Task Every_menu_word_a_flite_voice_says_through_the_phone_is_recognised(string voice)
    {
        var flite = new FliteSynthesizer();
        using var recognizer = new PocketsphinxRecognizer();
        var grammar = MenuGrammar.Build([.. MenuWords.Select(w => new MenuChoice(w))], recognizer.Dictionary).Constraint;
        var heard = new Dictionary<string, string>();
        foreach (var word in MenuWords)
        {
            var audio = new List<short>(new short[2400]); // 300 ms of silence first, as a caller draws breath
            await foreach (var chunk in flite.SynthesizeAsync(new SynthesisRequest(word, voice, "en-US", 8000)))
            {
                audio.AddRange(chunk.ToArray());
            }

            audio.AddRange(new short[2400]);
            var phone = TelephoneChannel.Through([.. audio], 8000);
            heard[word] = RecognizerRun.Recognize(recognizer, grammar, phone, 8000).Text;
        }

        TestContext.Out.WriteLine(string.Join(", ", heard.Select(h => $"{h.Key} -> '{h.Value}'")));
        Assert.That(heard.Where(h => h.Key != h.Value).Select(h => $"{h.Key} heard as '{h.Value}'"), Is.Empty, $"voice {voice}");
    }
}
