using Telephony.Speech.Recognition;
using Telephony.Speech.Recognition.Grammars;
using Telephony.Speech.Recognition.Pocketsphinx;

namespace Telephony.Speech.Tests.Recognition;

/// <summary>The pocketsphinx engine's behaviour apart from accuracy: keywords, partials, pooling, refusals before native code.</summary>
[NonParallelizable]
public class PocketsphinxRecognizerTests
{
    private static readonly string GoForwardGrammar = File.ReadAllText(PocketsphinxTestData.GoForwardGrammar);

    [Test]
    public void Keywords_are_spotted_in_order_with_their_times()
    {
        using var recognizer = new PocketsphinxRecognizer();
        var samples = TelephoneChannel.Through(PocketsphinxTestData.GoForward(), 16000);

        var result = RecognizerRun.Recognize(recognizer, new KeywordConstraint(["meters", "forward"]), samples, 8000);

        Assert.Multiple(() =>
        {
            Assert.That(result.Text, Is.EqualTo("forward meters"));
            Assert.That(result.Words[0].Start, Is.LessThan(result.Words[1].Start));
            Assert.That(result.Confidence, Is.InRange(0.0, 1.0).And.GreaterThan(0));
        });
    }

    [Test]
    public void Speech_outside_the_grammar_gives_no_or_a_grammar_sentence_never_a_crash()
    {
        using var recognizer = new PocketsphinxRecognizer();
        var cards = PocketsphinxTestData.Cards();
        var samples = TelephoneChannel.Through(cards[4].Samples, 16000);

        var result = RecognizerRun.Recognize(recognizer, new GrammarConstraint(GoForwardGrammar), samples, 8000);

        // The grammar's only sentences are go-forward moves; the library may find none that fits.
        Assert.That(result.Text, Is.Empty.Or.StartsWith("go "));
        Assert.That(result.Confidence, result.Text.Length == 0 ? Is.Zero : Is.InRange(0.0, 1.0));
    }

    [Test]
    public void Partial_results_grow_while_audio_is_fed()
    {
        using var recognizer = new PocketsphinxRecognizer(new PocketsphinxOptions { PartialResults = true });
        var samples = TelephoneChannel.Through(PocketsphinxTestData.Cards()[4].Samples, 16000);
        using var recognition = recognizer.Start(new RecognitionRequest(new GrammarConstraint(File.ReadAllText(PocketsphinxTestData.CardsGrammar))));
        var partials = new List<string>();
        for (var offset = 0; offset < samples.Length; offset += 160)
        {
            recognition.Feed(samples.AsSpan(offset, Math.Min(160, samples.Length - offset)));
            if (recognition.Partial is { } partial && (partials.Count == 0 || partials[^1] != partial.Text))
            {
                Assert.That(partial.IsFinal, Is.False);
                partials.Add(partial.Text);
            }
        }

        var final = recognition.FinishAsync().GetAwaiter().GetResult();

        Assert.That(partials, Has.Count.GreaterThanOrEqualTo(3), string.Join(" / ", partials));
        Assert.That(partials[^1], Does.StartWith("eight of spades four of clubs"));
        Assert.That(final.Text, Is.EqualTo("eight of spades four of clubs seven of hearts"));
        Assert.That(final.IsFinal, Is.True);
    }

    [Test]
    public void Without_partial_results_on_none_is_given()
    {
        using var recognizer = new PocketsphinxRecognizer();
        using var recognition = recognizer.Start(new RecognitionRequest(new GrammarConstraint(GoForwardGrammar)));
        var samples = TelephoneChannel.Through(PocketsphinxTestData.GoForward(), 16000);

        recognition.Feed(samples);

        Assert.That(recognition.Partial, Is.Null);
        Assert.That(recognition.FinishAsync().GetAwaiter().GetResult().Text, Is.EqualTo("go forward ten meters"));
    }

    [Test]
    public void A_fresh_decoder_and_a_used_one_give_the_same_results()
    {
        // The library's live normalisation carries over between utterances; the final results must not.
        var grammar = new GrammarConstraint(File.ReadAllText(PocketsphinxTestData.CardsGrammar));
        var phone = PocketsphinxTestData.Cards().Select(c => TelephoneChannel.Through(c.Samples, 16000)).ToList();
        using var used = new PocketsphinxRecognizer();
        var sequence = phone.Select(p => RecognizerRun.Recognize(used, grammar, p, 8000).Text).ToList();

        for (var i = 0; i < phone.Count; i++)
        {
            using var fresh = new PocketsphinxRecognizer();
            Assert.That(RecognizerRun.Recognize(fresh, grammar, phone[i], 8000).Text, Is.EqualTo(sequence[i]), $"sentence {i + 1}");
        }

        Assert.That(used.DecodersCreated, Is.EqualTo(1));
    }

    [Test]
    public void Decoders_are_reused_one_after_another_and_one_each_when_concurrent()
    {
        using var recognizer = new PocketsphinxRecognizer();
        var grammar = new GrammarConstraint(GoForwardGrammar);
        var samples = TelephoneChannel.Through(PocketsphinxTestData.GoForward(), 16000);

        RecognizerRun.Recognize(recognizer, grammar, samples, 8000);
        RecognizerRun.Recognize(recognizer, grammar, samples, 8000);
        Assert.That(recognizer.DecodersCreated, Is.EqualTo(1));

        // Listening holds no decoder: only the decode at the end does, so two recognitions fed at once share the one decoder.
        using (var first = recognizer.Start(new RecognitionRequest(grammar)))
        using (var second = recognizer.Start(new RecognitionRequest(grammar)))
        {
            first.Feed(samples.AsSpan(0, 4000));
            second.Feed(samples.AsSpan(0, 4000));
            Assert.That(recognizer.DecodersCreated, Is.EqualTo(1));
        }

        // Two decodes at once (live partials hold a decoder from the start) need two.
        using var live = new PocketsphinxRecognizer(new PocketsphinxOptions { PartialResults = true });
        using (var first = live.Start(new RecognitionRequest(grammar)))
        using (var second = live.Start(new RecognitionRequest(grammar)))
        {
            Assert.That(live.DecodersCreated, Is.EqualTo(2));
        }

        // A dropped recognition gives its decoder back in a usable state.
        Assert.That(RecognizerRun.Recognize(recognizer, grammar, samples, 8000).Text, Is.EqualTo("go forward ten meters"));
        Assert.That(recognizer.DecodersCreated, Is.EqualTo(1));
    }

    [Test]
    public void Prepared_decoders_are_built_in_the_background_and_a_decode_then_waits_on_none()
    {
        using var recognizer = new PocketsphinxRecognizer(new PocketsphinxOptions { IdleDecodersPerSearch = 3 });
        var grammar = new GrammarConstraint(GoForwardGrammar);
        var samples = TelephoneChannel.Through(PocketsphinxTestData.GoForward(), 16000);

        recognizer.Prepare(grammar, "en-US");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (recognizer.Decoders.Idle < 3 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
        }

        Assert.That(recognizer.Decoders.Idle, Is.EqualTo(3), "three built ahead");
        recognizer.Prepare(grammar, "en-US");
        var together = Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => RecognizerRun.Recognize(recognizer, grammar, samples, 8000).Text))).GetAwaiter().GetResult();

        var stats = recognizer.Decoders;
        Assert.Multiple(() =>
        {
            Assert.That(together, Is.All.EqualTo("go forward ten meters"));
            Assert.That(stats.Misses, Is.Zero, "no decode built its own decoder");
            Assert.That(stats.Hits, Is.EqualTo(3));
            Assert.That(stats.Created, Is.EqualTo(3), "preparing again builds no more than the pool holds");
            Assert.That(stats.Idle, Is.EqualTo(3));
        });
    }

    [Test]
    public void Preparing_a_grammar_the_engine_refuses_builds_nothing_and_start_still_names_the_word()
    {
        using var recognizer = new PocketsphinxRecognizer();
        var bad = new GrammarConstraint("#JSGF V1.0;\ngrammar menu;\npublic <a> = billing | flurbox;\n");

        recognizer.Prepare(bad, "en-US");
        Thread.Sleep(500);

        Assert.That(recognizer.DecodersCreated, Is.Zero);
        Assert.That(() => recognizer.Start(new RecognitionRequest(bad)), Throws.TypeOf<SpeechException>().With.Message.Contain("'flurbox'"));
    }

    [Test]
    public void Concurrent_recognitions_on_threads_each_get_their_own_answer()
    {
        using var recognizer = new PocketsphinxRecognizer();
        var cards = PocketsphinxTestData.Cards();
        var grammar = new GrammarConstraint(File.ReadAllText(PocketsphinxTestData.CardsGrammar));
        var phone = cards.Select(c => TelephoneChannel.Through(c.Samples, 16000)).ToList();
        var alone = phone.Select(p => RecognizerRun.Recognize(recognizer, grammar, p, 8000).Text).ToList();

        var together = Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() => RecognizerRun.Recognize(recognizer, grammar, phone[i % 5], 8000).Text))).GetAwaiter().GetResult();

        for (var i = 0; i < together.Length; i++)
        {
            Assert.That(together[i], Is.EqualTo(alone[i % 5]), $"recognition {i}");
        }
    }

    [Test]
    public void A_grammar_word_missing_from_the_dictionary_is_refused_naming_it()
    {
        using var recognizer = new PocketsphinxRecognizer();
        var jsgf = "#JSGF V1.0;\ngrammar menu;\npublic <a> = billing | flurbox;\n";

        var e = Assert.Throws<SpeechException>(() => recognizer.Start(new RecognitionRequest(new GrammarConstraint(jsgf))));

        Assert.That(e!.Message, Does.Contain("grammar 'menu'").And.Contain("'flurbox'"));
        Assert.That(recognizer.DecodersCreated, Is.Zero, "refused before any native decoder was built");
    }

    [Test]
    public void A_malformed_grammar_a_bad_rate_or_language_is_refused()
    {
        using var recognizer = new PocketsphinxRecognizer();
        var grammar = new GrammarConstraint(GoForwardGrammar);

        Assert.Multiple(() =>
        {
            Assert.That(() => recognizer.Start(new RecognitionRequest(new GrammarConstraint("#JSGF V1.0;\ngrammar g;\npublic <a> = (yes;\n"))), Throws.TypeOf<SpeechException>().With.Message.Contain("never closed"));
            Assert.That(() => recognizer.Start(new RecognitionRequest(grammar, SampleRate: 44100)), Throws.TypeOf<SpeechException>().With.Message.Contain("8000 or 16000"));
            Assert.That(() => recognizer.Start(new RecognitionRequest(grammar, "zh-CN")), Throws.TypeOf<SpeechException>().With.Message.Contain("zh-CN"));
            Assert.That(recognizer.Supports(grammar, "en-GB"), Is.True);
            Assert.That(recognizer.Supports(new FreeSpeechConstraint(), "fr-FR"), Is.False);
        });
    }

    [Test]
    public void Finishing_without_audio_gives_empty_text_with_confidence_zero()
    {
        using var recognizer = new PocketsphinxRecognizer();
        using var recognition = recognizer.Start(new RecognitionRequest(new GrammarConstraint(GoForwardGrammar)));

        var result = recognition.FinishAsync().GetAwaiter().GetResult();

        Assert.That(result.Text, Is.Empty);
        Assert.That(result.Confidence, Is.Zero);
        Assert.That(result.Words, Is.Empty);
    }

    [Test]
    public void An_utterance_longer_than_the_limit_is_an_error_and_the_decoder_stays_usable()
    {
        using var recognizer = new PocketsphinxRecognizer(new PocketsphinxOptions { MaxUtterance = TimeSpan.FromSeconds(1) });
        var grammar = new GrammarConstraint(GoForwardGrammar);
        var samples = TelephoneChannel.Through(PocketsphinxTestData.GoForward(), 16000);

        using (var recognition = recognizer.Start(new RecognitionRequest(grammar)))
        {
            Assert.That(() => recognition.Feed(samples), Throws.TypeOf<SpeechException>().With.Message.Contain("longer than 1 s"));
        }

        using var next = recognizer.Start(new RecognitionRequest(grammar));
        next.Feed(samples.AsSpan(0, 7000));
        Assert.That(next.FinishAsync().GetAwaiter().GetResult().IsFinal, Is.True);
        Assert.That(recognizer.DecodersCreated, Is.EqualTo(1));
    }

    [Test]
    public void A_missing_model_folder_is_an_error_naming_the_file()
    {
        var e = Assert.Throws<SpeechException>(() => new PocketsphinxRecognizer(new PocketsphinxOptions { ModelFolder = "/nonexistent/model" }));

        Assert.That(e!.Message, Does.StartWith("/nonexistent/model/en-us/mdef").And.Contain("pocketsphinx-en-us"));
    }

    [Test]
    public void A_decoder_setting_the_library_does_not_know_is_an_error_not_a_crash()
    {
        var e = Assert.Throws<SpeechException>(() => new PocketsphinxRecognizer(new PocketsphinxOptions { DecoderArguments = new Dictionary<string, string> { ["no_such_setting"] = "1" } }));

        Assert.That(e!.Message, Does.Contain("rejected its settings").And.Contain("-no_such_setting"));
    }

    [Test]
    public void Free_speech_uses_the_en_us_language_model()
    {
        using var recognizer = new PocketsphinxRecognizer();

        var result = RecognizerRun.Recognize(recognizer, new FreeSpeechConstraint(), PocketsphinxTestData.GoForward(), 16000);

        Assert.That(result.Text, Is.EqualTo("go forward ten meters"));
    }

    [Test]
    public void A_menu_grammar_is_usable_by_the_engine()
    {
        using var recognizer = new PocketsphinxRecognizer();
        var menu = MenuGrammar.Build([new("forward", "go forward ten meters"), new("backward", "go back")], recognizer.Dictionary);

        var result = RecognizerRun.Recognize(recognizer, menu.Constraint, TelephoneChannel.Through(PocketsphinxTestData.GoForward(), 16000), 8000);

        Assert.That(menu.ChoiceOf(result.Text), Is.EqualTo("forward"));
    }
}
