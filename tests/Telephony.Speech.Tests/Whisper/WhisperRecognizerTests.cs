using System.Diagnostics;
using Telephony.Speech.Recognition;
using Telephony.Speech.Recognition.Whisper;

namespace Telephony.Speech.Tests.Whisper;

/// <summary>
/// The real Whisper.net runtime over the tiny model the tests build (TinyWhisperModel). Its
/// weights are random, so its words are meaningless: these tests hold the structure (loading,
/// streaming, partials, timings inside the audio, cancellation, concurrency), never accuracy.
/// </summary>
[NonParallelizable]
public class WhisperRecognizerTests
{
    /// <summary>One decode per pass and short segments: a random model never stops on its own, and this machine has 2 cores.</summary>
    private static readonly WhisperRecognizerOptions Fast = new()
    {
        Threads = 2,
        MaxConcurrentPasses = 2,
        TemperatureFallback = false,
        MaxTokensPerSegment = 16,
        PartialInterval = TimeSpan.FromSeconds(1),
    };

    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private WhisperRecognizer _whisper = null!;

    /// <summary>The same model without partials, so only the final pass runs.</summary>
    private WhisperRecognizer _finalOnly = null!;

    [OneTimeSetUp]
    public void Load()
    {
        _whisper = new WhisperRecognizer(TinyWhisperModel.SharedPath, Fast);
        _finalOnly = new WhisperRecognizer(TinyWhisperModel.SharedPath, Fast with { PartialInterval = TimeSpan.Zero });
    }

    [OneTimeTearDown]
    public void Unload()
    {
        _whisper.Dispose();
        _finalOnly.Dispose();
    }

    [Test]
    public void Only_free_speech_in_a_Whisper_language_is_supported()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_whisper.Engine, Is.EqualTo("whisper"));
            Assert.That(_whisper.Supports(new FreeSpeechConstraint(), "en-US"), Is.True);
            Assert.That(_whisper.Supports(new FreeSpeechConstraint(), "zh-CN"), Is.True, "Mandarin on a multilingual model");
            Assert.That(_whisper.Supports(new FreeSpeechConstraint(), "cmn-Hans-CN"), Is.True);
            Assert.That(_whisper.Supports(new FreeSpeechConstraint(), "xx-YY"), Is.False);
            Assert.That(_whisper.Supports(new GrammarConstraint("#JSGF V1.0; grammar g; public <g> = yes | no;"), "en-US"), Is.False);
            Assert.That(_whisper.Supports(new KeywordConstraint(["billing"]), "en-US"), Is.False);
        });
        var e = Assert.Throws<SpeechException>(() => _whisper.Start(new RecognitionRequest(new KeywordConstraint(["billing"]))))!;
        Assert.That(e.Message, Does.Contain("pocketsphinx"));
        Assert.That(() => _whisper.Start(new RecognitionRequest(new FreeSpeechConstraint(), "xx-YY")), Throws.TypeOf<SpeechException>().With.Message.Contain("xx-YY"));
        Assert.That(() => _whisper.Start(new RecognitionRequest(new FreeSpeechConstraint(), SampleRate: 44100)), Throws.TypeOf<SpeechException>().With.Message.Contain("44100"));
    }

    [Test]
    public void An_English_only_model_refuses_Mandarin_by_name()
    {
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "whisper-tiny-test", "ggml-tiny-test.en.bin");
        TinyWhisperModel.Write(path, TinyWhisperModel.EnglishVocabulary);
        using var english = new WhisperRecognizer(path, Fast);
        Assert.That(english.Supports(new FreeSpeechConstraint(), "en-GB"), Is.True);
        Assert.That(english.Supports(new FreeSpeechConstraint(), "zh-CN"), Is.False);
        Assert.That(() => english.Start(new RecognitionRequest(new FreeSpeechConstraint(), "zh-CN")), Throws.TypeOf<SpeechException>().With.Message.Contain("English-only").And.Message.Contain(path));
    }

    [Test]
    public async Task Telephone_audio_streams_into_partials_and_a_final_with_segments_inside_the_audio()
    {
        var audio = TestSpeech.GoForward8k();
        using var recognition = _whisper.Start(new RecognitionRequest(new FreeSpeechConstraint(), "en-US", 8000));
        var feeding = Stopwatch.StartNew();
        var slowestFeed = TimeSpan.Zero;
        for (var at = 0; at < audio.Length; at += 160)
        {
            var frame = Stopwatch.StartNew();
            recognition.Feed(audio.AsSpan(at, Math.Min(160, audio.Length - at)));
            slowestFeed = frame.Elapsed > slowestFeed ? frame.Elapsed : slowestFeed;
        }

        feeding.Stop();

        // Partial passes take seconds here; Feed only copies, so it never waits for one.
        Assert.That(slowestFeed, Is.LessThan(TimeSpan.FromMilliseconds(200)), "Feed blocked (a pass takes seconds here; a copy takes microseconds)");
        var partial = await WaitForPartial(recognition);
        var fed = TimeSpan.FromSeconds(audio.Length / 8000.0);
        Assert.Multiple(() =>
        {
            Assert.That(partial.IsFinal, Is.False);
            Assert.That(partial.Engine, Is.EqualTo("whisper"));
            Assert.That(partial.AudioLength, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1)).And.LessThanOrEqualTo(fed));
            Assert.That(partial.ProcessingTime, Is.GreaterThan(TimeSpan.Zero));
        });

        var final = await recognition.FinishAsync().WaitAsync(Patience);
        AssertWellFormed(final, fed);
        Assert.That(final.ProcessingTime, Is.GreaterThan(partial.ProcessingTime), "processing time adds up over the passes");
        TestContext.Out.WriteLine($"tiny random model (meaningless text): '{final.Text}', {final.Segments.Count} segments, {final.Words.Count} words, RTF {final.RealTimeFactor:0.00} over all passes");
    }

    [Test]
    public async Task Wideband_audio_is_taken_as_it_is_and_Mandarin_runs_on_a_multilingual_model()
    {
        var audio = TestSpeech.GoForward16k();
        using var recognition = _whisper.Start(new RecognitionRequest(new FreeSpeechConstraint(), "zh-CN", 16000));
        recognition.Feed(audio);
        var final = await recognition.FinishAsync().WaitAsync(Patience);
        AssertWellFormed(final, TimeSpan.FromSeconds(audio.Length / 16000.0));
    }

    [Test]
    public async Task Nothing_fed_finishes_empty_without_a_pass()
    {
        var passes = _whisper.Passes;
        using var recognition = _whisper.Start(new RecognitionRequest(new FreeSpeechConstraint()));
        var final = await recognition.FinishAsync();
        Assert.Multiple(() =>
        {
            Assert.That(final.IsFinal, Is.True);
            Assert.That(final.Text, Is.Empty);
            Assert.That(final.Words, Is.Empty);
            Assert.That(final.Segments, Is.Empty);
            Assert.That(final.AudioLength, Is.EqualTo(TimeSpan.Zero));
            Assert.That(_whisper.Passes, Is.EqualTo(passes));
        });
        Assert.That(() => recognition.Feed(new short[160]), Throws.InvalidOperationException);
        Assert.That(() => recognition.FinishAsync(), Throws.InvalidOperationException);
    }

    [Test]
    public void A_final_pass_stops_when_cancelled()
    {
        // Nine times the recording (25 s): a pass long enough to be cancelled in the middle.
        var once = TestSpeech.GoForward16k();
        using var recognition = _finalOnly.Start(new RecognitionRequest(new FreeSpeechConstraint(), "en-US", 16000));
        for (var i = 0; i < 9; i++)
        {
            recognition.Feed(once);
        }

        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var clock = Stopwatch.StartNew();
        Assert.That(async () => await recognition.FinishAsync(cancel.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)), "the pass went on after the cancellation");
    }

    [Test]
    public void A_cancelled_token_stops_before_any_pass()
    {
        using var recognition = _whisper.Start(new RecognitionRequest(new FreeSpeechConstraint(), "en-US", 16000));
        recognition.Feed(TestSpeech.GoForward16k());
        var passes = _whisper.Passes;
        Assert.That(async () => await recognition.FinishAsync(new CancellationToken(canceled: true)), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(_whisper.Passes, Is.EqualTo(passes));
    }

    /// <summary>
    /// The figure docs/speech.md quotes, measured on demand (not part of the suite: it times, it
    /// does not test): the final pass alone over the 8 kHz recording, median of 5, with the test
    /// options (one decode, 16-token segments) and with Whisper's defaults. The tiny random model's
    /// cost says what the pipeline costs, not what a real model does.
    /// </summary>
    [Test]
    [Explicit("measurement")]
    public async Task Measure_the_real_time_factor_of_the_tiny_model()
    {
        var audio = TestSpeech.GoForward8k();
        using var defaults = new WhisperRecognizer(TinyWhisperModel.SharedPath, new WhisperRecognizerOptions { PartialInterval = TimeSpan.Zero });
        foreach (var (name, engine) in new[] { ("test options", _finalOnly), ("Whisper defaults", defaults) })
        {
            var factors = new List<double>();
            for (var run = 0; run < 5; run++)
            {
                using var recognition = engine.Start(new RecognitionRequest(new FreeSpeechConstraint(), "en-US", 8000));
                recognition.Feed(audio);
                factors.Add((await recognition.FinishAsync()).RealTimeFactor);
            }

            factors.Sort();
            TestContext.Out.WriteLine($"tiny test model, {name}, {engine.Options.Threads} threads: RTF median {factors[2]:0.000} (min {factors[0]:0.000}, max {factors[4]:0.000}) over {audio.Length / 8000.0:0.00} s at 8 kHz");
        }
    }

    [Test]
    public async Task Concurrent_recognitions_share_the_model_and_each_gets_its_own_result()
    {
        var audio = TestSpeech.GoForward8k();
        var languages = new[] { "en-US", "zh-CN", "de-DE" };
        var passes = _whisper.Passes;
        var results = await Task.WhenAll(languages.Select(language => Task.Run(async () =>
        {
            using var recognition = _whisper.Start(new RecognitionRequest(new FreeSpeechConstraint(), language, 8000));
            for (var at = 0; at < audio.Length; at += 160)
            {
                recognition.Feed(audio.AsSpan(at, Math.Min(160, audio.Length - at)));
            }

            return await recognition.FinishAsync();
        }))).WaitAsync(Patience * 2);
        foreach (var result in results)
        {
            AssertWellFormed(result, TimeSpan.FromSeconds(audio.Length / 8000.0));
        }

        Assert.That(_whisper.Passes - passes, Is.GreaterThanOrEqualTo(languages.Length), "one final pass each at least");
        Assert.That(_whisper.WaitingFinals, Is.Zero);
    }

    private static async Task<RecognitionResult> WaitForPartial(ISpeechRecognition recognition)
    {
        var clock = Stopwatch.StartNew();
        while (recognition.Partial is null)
        {
            Assert.That(clock.Elapsed, Is.LessThan(Patience), "no partial result");
            await Task.Delay(50);
        }

        return recognition.Partial;
    }

    private static void AssertWellFormed(RecognitionResult result, TimeSpan fed)
    {
        Assert.Multiple(() =>
        {
            Assert.That(result.IsFinal, Is.True);
            Assert.That(result.Engine, Is.EqualTo("whisper"));
            Assert.That(result.AudioLength, Is.EqualTo(fed).Within(TimeSpan.FromMilliseconds(1)));
            Assert.That(result.ProcessingTime, Is.GreaterThan(TimeSpan.Zero));
            Assert.That(result.Confidence, Is.InRange(0.0, 1.0));
            Assert.That(result.Segments, Is.Not.Empty, "Whisper's segments");
            Assert.That(result.Words, Is.Not.Empty);
            Assert.That(result.Text, Is.EqualTo(result.Text.Trim().ToLowerInvariant()).And.Not.Contain("  "));
            Assert.That(result.Text, Is.EqualTo(string.Join(' ', result.Words.Select(w => w.Word))));
        });
        var previous = TimeSpan.Zero;
        foreach (var segment in result.Segments)
        {
            Assert.That(segment.Start, Is.GreaterThanOrEqualTo(previous), "segments in order");
            Assert.That(segment.End, Is.GreaterThanOrEqualTo(segment.Start).And.LessThanOrEqualTo(fed));
            Assert.That(segment.Text, Is.Not.Empty);
            Assert.That(segment.Confidence, Is.InRange(0.0, 1.0));
            previous = segment.Start;
        }

        foreach (var word in result.Words)
        {
            Assert.That(word.Start, Is.GreaterThanOrEqualTo(TimeSpan.Zero));
            Assert.That(word.End, Is.GreaterThanOrEqualTo(word.Start).And.LessThanOrEqualTo(fed));
            Assert.That(result.Segments.Any(s => word.Start >= s.Start && word.End <= s.End), Is.True, $"word '{word.Word}' lies in a segment");
        }
    }
}
