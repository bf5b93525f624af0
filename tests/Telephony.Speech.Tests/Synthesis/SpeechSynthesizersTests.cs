using Telephony.Speech.Synthesis;

namespace Telephony.Speech.Tests.Synthesis;

public class SpeechSynthesizersTests
{
    private static readonly SpeechSynthesizers Engines = SpeechSynthesizers.Create();

    [TestCase("slt", null, "flite", "slt")]
    [TestCase("cmu_us_awb", null, "flite", "awb")]
    [TestCase(null, "en-GB", "flite", "kal")]
    [TestCase(null, "en", "flite", "kal")]
    [TestCase(null, "de", "espeak-ng", "de")]
    [TestCase(null, "zh", "espeak-ng", "cmn-latn-pinyin")]
    [TestCase("fr-fr", "en", "espeak-ng", "fr-fr")]
    [TestCase("espeak-ng:en-us", null, "espeak-ng", "en-us")]
    [TestCase("flite:rms", null, "flite", "rms")]
    [TestCase(null, null, "flite", "kal")]
    public void A_voice_picks_its_engine_else_the_language_does(string? voice, string? language, string engine, string chosen)
    {
        var choice = Engines.Choose(new SynthesisRequest("x", voice, language));
        Assert.That(choice.Engine.Engine, Is.EqualTo(engine));
        Assert.That(choice.Request.Voice, Is.EqualTo(chosen));
    }

    [Test]
    public void The_defaults_are_configurable()
    {
        var engines = new SpeechSynthesizers(new FliteSynthesizer(), new EspeakSynthesizer(), defaultVoice: "de", englishVoice: "slt");
        Assert.That(engines.Choose(new SynthesisRequest("x")).Request.Voice, Is.EqualTo("de"));
        Assert.That(engines.Choose(new SynthesisRequest("x", Language: "en-US")).Request.Voice, Is.EqualTo("slt"));
        Assert.That(() => new SpeechSynthesizers(new FliteSynthesizer(), null, englishVoice: "de"), Throws.TypeOf<SpeechException>().With.Message.Contains("not a flite voice"));
    }

    [Test]
    public void A_missing_engine_is_named_when_a_request_needs_it()
    {
        var noEspeak = new SpeechSynthesizers(new FliteSynthesizer(), null);
        Assert.That(() => noEspeak.Choose(new SynthesisRequest("x", Language: "de")), Throws.TypeOf<SpeechException>().With.Message.Contains("espeak-ng"));
        Assert.That(() => Engines.Choose(new SynthesisRequest("x", "sapi:anna")), Throws.TypeOf<SpeechException>().With.Message.Contains("no engine 'sapi'"));
    }
}
