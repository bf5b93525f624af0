using Telephony.Speech.Vad;

namespace Telephony.Speech.Tests.Vad;

/// <summary>The energy fallback on the same real recordings as Silero, with looser expectations (it hears loudness, not speech).</summary>
public class EnergyVadTests
{
    /// <summary>
    /// Looser than Silero's: the detector reports a start from the first loud frame of a run
    /// (a breath or a click before the words can start it early) and keeps speech through the
    /// quiet tail of a word down to its margin above the floor.
    /// </summary>
    private static readonly TimeSpan StartTolerance = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan EndTolerance = TimeSpan.FromMilliseconds(350);

    private static IEnumerable<TestCaseData> Recordings()
    {
        yield return new TestCaseData("goforward").SetName("Energy_finds_the_utterance_in_goforward");
        for (var i = 1; i <= 5; i++)
        {
            yield return new TestCaseData($"card{i}").SetName($"Energy_finds_the_utterance_in_cards_{i:000}");
        }
    }

    [TestCaseSource(nameof(Recordings))]
    public void Finds_speech_where_the_recording_has_it(string name)
    {
        var recording = SileroVadTests.Recording(name);
        var bounds = SpeechEnvelope.Bounds(recording);
        var audio = RecordedSpeech.Concat(recording, RecordedSpeech.Silence(TimeSpan.FromSeconds(1)));
        using var vad = new EnergyVad();

        var seen = VadRun.Frames(vad, audio);

        var what = $"{name}: envelope {bounds}; VAD {VadRun.Describe(seen)}";
        TestContext.Out.WriteLine(what);
        Assert.That(seen, Is.Not.Empty, what);
        Assert.That(seen[0].Kind, Is.EqualTo(VadTransitionKind.SpeechStarted), what);
        Assert.That(seen[^1].Kind, Is.EqualTo(VadTransitionKind.SpeechEnded), what);
        Assert.That(SpeechBounds.Outside(seen[0].At, bounds.EarliestStart, bounds.LatestStart), Is.LessThanOrEqualTo(StartTolerance), what);
        Assert.That(SpeechBounds.Outside(seen[^1].At, bounds.EarliestEnd, bounds.LatestEnd), Is.LessThanOrEqualTo(EndTolerance), what);
        Assert.That(vad.InSpeech, Is.False);
    }

    [Test]
    public void Digital_silence_is_not_speech()
    {
        using var vad = new EnergyVad();
        var seen = VadRun.Frames(vad, RecordedSpeech.Silence(TimeSpan.FromSeconds(10)));

        Assert.That(seen, Is.Empty, VadRun.Describe(seen));
        Assert.That(vad.LastLevelDbfs, Is.EqualTo(EnergyVad.SilenceDbfs));
    }

    [TestCase(-60)]
    [TestCase(-50)]
    public void Steady_line_noise_is_not_speech(double dbfs)
    {
        using var vad = new EnergyVad();
        var seen = VadRun.Frames(vad, RecordedSpeech.Noise(TimeSpan.FromSeconds(10), dbfs));

        Assert.That(seen, Is.Empty, VadRun.Describe(seen));
        Assert.That(vad.NoiseFloorDbfs, Is.EqualTo(dbfs).Within(3), "the floor learned the line's noise");
    }

    [Test]
    public void A_louder_line_is_learned_as_its_new_floor()
    {
        // Quiet line, then the noise jumps 20 dB (a car passes) and stays: after a moment that is the floor, not speech.
        var audio = RecordedSpeech.Concat(RecordedSpeech.Noise(TimeSpan.FromSeconds(3), -65), RecordedSpeech.Noise(TimeSpan.FromSeconds(10), -40, seed: 12));
        using var vad = new EnergyVad();

        var seen = VadRun.Frames(vad, audio);

        Assert.That(vad.InSpeech, Is.False, VadRun.Describe(seen));
        Assert.That(vad.NoiseFloorDbfs, Is.EqualTo(-40).Within(3));
        Assert.That(seen.Count(r => r.Kind == VadTransitionKind.SpeechStarted), Is.LessThanOrEqualTo(1), "at most the jump itself");
    }

    [Test]
    public void Speech_in_noise_is_still_found()
    {
        var audio = RecordedSpeech.Concat(RecordedSpeech.Silence(TimeSpan.FromSeconds(2)), RecordedSpeech.GoForward(), RecordedSpeech.Silence(TimeSpan.FromSeconds(1)));
        var noise = RecordedSpeech.Noise(RecordedSpeech.Time(audio.Length), -50);
        var mixed = audio.Zip(noise, (a, n) => (short)Math.Clamp(a + n, short.MinValue, short.MaxValue)).ToArray();
        using var vad = new EnergyVad();

        var seen = VadRun.Frames(vad, mixed);

        Assert.That(seen.Select(r => r.Kind), Is.EqualTo(new[] { VadTransitionKind.SpeechStarted, VadTransitionKind.SpeechEnded }), VadRun.Describe(seen));
    }

    [Test]
    public void Speech_from_the_first_frame_is_found()
    {
        // A caller who talks at once: the floor cannot have been learned yet.
        var audio = RecordedSpeech.Concat(SpeechEnvelope.Words(RecordedSpeech.GoForward()), RecordedSpeech.Silence(TimeSpan.FromSeconds(1)));
        using var vad = new EnergyVad();

        var seen = VadRun.Frames(vad, audio);

        Assert.That(seen, Is.Not.Empty);
        Assert.That(seen[0].Kind, Is.EqualTo(VadTransitionKind.SpeechStarted), VadRun.Describe(seen));
        Assert.That(seen[0].At, Is.LessThan(TimeSpan.FromMilliseconds(150)), VadRun.Describe(seen));
    }

    [Test]
    public void A_100_ms_burst_is_not_a_start_with_300_ms_min_speech()
    {
        var speech = RecordedSpeech.GoForward();
        var start = SpeechEnvelope.Bounds(speech).LatestStart;
        var options = new VadOptions(MinSpeech: TimeSpan.FromMilliseconds(300));
        var quiet = RecordedSpeech.Noise(TimeSpan.FromSeconds(2), -60);

        var burst = RecordedSpeech.Concat(quiet, RecordedSpeech.Slice(speech, start + TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100)), quiet);
        using var vad = new EnergyVad(options);
        var seen = VadRun.Frames(vad, burst);
        Assert.That(seen, Is.Empty, VadRun.Describe(seen));

        var longer = RecordedSpeech.Concat(quiet, RecordedSpeech.Slice(speech, start + TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(700)), quiet);
        using var control = new EnergyVad(options);
        var controlSeen = VadRun.Frames(control, longer);
        Assert.That(controlSeen.Select(r => r.Kind), Does.Contain(VadTransitionKind.SpeechStarted), VadRun.Describe(controlSeen));
    }

    [Test]
    public void Trailing_silence_ends_the_utterance_once_it_has_lasted()
    {
        var trailing = TimeSpan.FromMilliseconds(500);
        var audio = RecordedSpeech.Concat(RecordedSpeech.GoForward(), RecordedSpeech.Silence(TimeSpan.FromSeconds(2)));
        using var vad = new EnergyVad(new VadOptions(TrailingSilence: trailing));

        var seen = VadRun.Frames(vad, audio);

        var end = seen.Single(r => r.Kind == VadTransitionKind.SpeechEnded);
        Assert.That(end.ReportedAt - end.At, Is.GreaterThanOrEqualTo(trailing).And.LessThan(trailing + TimeSpan.FromMilliseconds(40)), VadRun.Describe(seen));
    }

    [Test]
    public void Feeding_allocates_nothing()
    {
        var audio = RecordedSpeech.Concat(RecordedSpeech.GoForward(), RecordedSpeech.Silence(TimeSpan.FromSeconds(1)));
        using var vad = new EnergyVad();
        VadRun.Frames(vad, audio);
        VadRun.Frames(vad, audio);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var offset = 0; offset + RecordedSpeech.FrameSamples <= audio.Length; offset += RecordedSpeech.FrameSamples)
        {
            vad.Feed(audio.AsSpan(offset, RecordedSpeech.FrameSamples));
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    [Test]
    public void Level_is_in_dBFS()
    {
        // A full-scale square wave is 0 dBFS; one at a tenth of full scale is −20 dBFS.
        var full = Enumerable.Range(0, 160).Select(i => i % 2 == 0 ? (short)32767 : (short)-32767).ToArray();
        var tenth = full.Select(s => (short)(s / 10)).ToArray();
        Assert.That(EnergyVad.LevelDbfs(full), Is.EqualTo(0).Within(0.01));
        Assert.That(EnergyVad.LevelDbfs(tenth), Is.EqualTo(-20).Within(0.01));
        Assert.That(EnergyVad.LevelDbfs(new short[160]), Is.EqualTo(EnergyVad.SilenceDbfs));
    }
}
