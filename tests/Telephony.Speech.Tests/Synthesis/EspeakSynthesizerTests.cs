using Telephony.Speech.Synthesis;

namespace Telephony.Speech.Tests.Synthesis;

public class EspeakSynthesizerTests
{
    [TestCase("de", "Guten Tag. Willkommen bei unserem Kundendienst.", 8000)]
    [TestCase("fr", "Bonjour. Bienvenue chez notre service client.", 16000)]
    [TestCase("es", "Buenos días. Bienvenido a nuestro servicio.", 8000)]
    public async Task Other_languages_render_audible_speech_at_the_requested_rate(string language, string text, int rate)
    {
        var espeak = new EspeakSynthesizer();
        var chunks = await AudioChecks.CollectAsync(espeak.SynthesizeAsync(new SynthesisRequest(text, Language: language, SampleRate: rate)));
        var pcm = AudioChecks.Join(chunks);
        Assert.That(chunks, Has.Count.EqualTo(2), "one chunk per sentence");
        Assert.That((double)pcm.Length / rate, Is.InRange(1.5, 6.0));
        Assert.That(AudioChecks.Rms(pcm), Is.GreaterThan(300));
    }

    [Test]
    public void Mandarin_in_Chinese_characters_is_refused_with_a_hint_to_write_pinyin()
    {
        var espeak = new EspeakSynthesizer();
        foreach (var (voice, language) in new[] { ((string?)null, "zh"), ("cmn", (string?)null), ("cmn-latn-pinyin", null), (null, "zh-CN") })
        {
            Assert.That(() => AudioChecks.CollectAsync(espeak.SynthesizeAsync(new SynthesisRequest("ni3 hao3. 你好，欢迎。", voice, language))),
                Throws.TypeOf<SpeechException>().With.Message.Contains("pinyin").And.Message.Contains("你好"), $"{voice ?? language}");
        }
    }

    [Test]
    public async Task Mandarin_in_pinyin_is_spoken_with_the_pinyin_voice()
    {
        var espeak = new EspeakSynthesizer();
        var request = new SynthesisRequest("ni3 hao3, huan1 ying2 lai2 dian4.", Language: "zh");
        Assert.That(espeak.VoiceFor(request), Is.EqualTo("cmn-latn-pinyin"));
        Assert.That(espeak.VoiceFor(request with { Language = null, Voice = "cmn" }), Is.EqualTo("cmn-latn-pinyin"), "the character voice is never used");
        var pcm = AudioChecks.Join(await AudioChecks.CollectAsync(espeak.SynthesizeAsync(request)));
        Assert.That(pcm.Length / 8000.0, Is.InRange(1.0, 5.0));
        Assert.That(AudioChecks.Rms(pcm), Is.GreaterThan(300));
    }

    [Test]
    public void Cantonese_characters_are_not_refused_as_Mandarin()
    {
        Assert.That(MandarinText.IsMandarin("yue"), Is.False);
        Assert.That(MandarinText.IsMandarin("zh-yue"), Is.False);
        Assert.That(MandarinText.IsMandarin("zh-Hans"), Is.True);
    }

    [Test]
    public void Voices_come_from_the_installed_espeak_ng_and_languages_pick_espeaks_first_choice()
    {
        var espeak = new EspeakSynthesizer();
        Assert.That(espeak.Voices.Select(v => v.Name), Does.Contain("de").And.Contain("cmn-latn-pinyin").And.Contain("fr-fr"));
        Assert.That(espeak.Voices, Has.All.Property(nameof(SpeechVoice.NativeRate)).EqualTo(22050));
        Assert.That(espeak.VoiceFor(new SynthesisRequest("x", Language: "fr")), Is.EqualTo("fr-fr"), "(fr 5) beats fr-be's (fr 8)");
        Assert.That(espeak.VoiceFor(new SynthesisRequest("x", Language: "de-AT")), Is.EqualTo("de"), "a region falls back to its language");
        Assert.That(() => espeak.VoiceFor(new SynthesisRequest("x", Language: "tlh")), Throws.TypeOf<SpeechException>().With.Message.Contains("no language 'tlh'"));
        Assert.That(() => espeak.VoiceFor(new SynthesisRequest("x", Voice: "nobody")), Throws.TypeOf<SpeechException>().With.Message.Contains("no voice 'nobody'"));
    }

    [Test]
    public async Task A_faster_speaking_rate_is_more_words_per_minute()
    {
        var espeak = new EspeakSynthesizer();
        var text = "Bitte geben Sie Ihre Kundennummer ein.";
        var normal = AudioChecks.Join(await AudioChecks.CollectAsync(espeak.SynthesizeAsync(new SynthesisRequest(text, Language: "de"))));
        var fast = AudioChecks.Join(await AudioChecks.CollectAsync(espeak.SynthesizeAsync(new SynthesisRequest(text, Language: "de", SpeakingRate: 1.5))));
        Assert.That((double)fast.Length / normal.Length, Is.InRange(0.5, 0.85));
    }

    [Test]
    public void The_process_is_bounded_in_time_and_output()
    {
        var slow = new EspeakSynthesizer(timeout: TimeSpan.FromMilliseconds(1));
        Assert.That(() => AudioChecks.CollectAsync(slow.SynthesizeAsync(new SynthesisRequest("Guten Tag.", "de"))),
            Throws.TypeOf<SpeechException>().With.Message.Contains("no answer within"));
        var capped = new EspeakSynthesizer(maxOutputBytes: 4096);
        Assert.That(() => AudioChecks.CollectAsync(capped.SynthesizeAsync(new SynthesisRequest("Guten Tag, wie geht es Ihnen heute?", "de"))),
            Throws.TypeOf<SpeechException>().With.Message.Contains("more than 4 KB"));
    }

    [Test]
    public void A_missing_program_names_the_Debian_package()
    {
        var missing = new EspeakSynthesizer(program: "/nonexistent/espeak-ng");
        Assert.That(() => AudioChecks.CollectAsync(missing.SynthesizeAsync(new SynthesisRequest("Guten Tag.", Language: "de"))),
            Throws.TypeOf<SpeechException>().With.Message.Contains("apt-get install -y espeak-ng"));
    }

    [Test]
    public void The_voice_table_parses_names_and_other_languages()
    {
        const string listing = """
            Pty Language       Age/Gender VoiceName          File                 Other Languages
             5  cmn             --/M      Chinese_(Mandarin,_latin_as_English) sit/cmn              (zh-cmn 5)(zh 5)
             5  fr-be           --/M      French_(Belgium)   roa/fr-BE            (fr 8)
             5  fr-fr           --/M      French_(France)    roa/fr               (fr 5)
            """;
        var voices = EspeakVoices.Parse(listing);
        Assert.That(voices.Voices.Select(v => v.Name), Is.EqualTo(new[] { "cmn", "fr-be", "fr-fr" }));
        Assert.That(voices.Voices[0].Language, Is.EqualTo("zh"));
        Assert.That(voices.Choose(null, "fr"), Is.EqualTo("fr-fr"));
        Assert.That(voices.Choose("fr-be", null), Is.EqualTo("fr-be"));
    }
}
