using Telephony.Media.Dtmf.InBand;
using Telephony.Media.Tones;

namespace Telephony.Media.Tests.InBand;

public class GoertzelDtmfDetectorTests
{
    private const string AllKeys = "0123456789*#ABCD";

    [Test]
    public void Every_key_is_detected_once_at_every_level([Values(-3, -10, -15, -20, -25)] double levelDbm0)
    {
        Assert.Multiple(() =>
        {
            foreach (var key in AllKeys)
            {
                var run = DetectorRun.Of(Signal.Key(key, 60, levelDbm0, levelDbm0));

                Assert.That(run.Keys, Is.EqualTo(key.ToString()), $"key {key} at {levelDbm0} dBm0");
                Assert.That(run.Started.Select(d => d.Digit), Is.EqualTo(new[] { key }), $"key {key} at {levelDbm0} dBm0");
            }
        });
    }

    [Test]
    public void Keys_below_the_level_floor_are_ignored([Values(-35, -45)] double levelDbm0)
    {
        var run = DetectorRun.Of(Signal.Keys(AllKeys, 100, 100, levelDbm0));

        Assert.That(run.Started, Is.Empty);
    }

    [Test]
    public void The_sequence_with_50_ms_tones_and_50_ms_pauses_is_detected_exactly()
    {
        var run = DetectorRun.Of(Signal.Keys(AllKeys, 50, 50));

        Assert.Multiple(() =>
        {
            Assert.That(run.Keys, Is.EqualTo(AllKeys));
            Assert.That(string.Concat(run.Started.Select(d => d.Digit)), Is.EqualTo(AllKeys));
        });
    }

    [Test]
    public void The_result_does_not_depend_on_frame_length()
    {
        var audio = Signal.WithNoise(Signal.Keys(AllKeys, 50, 50, -20), -40, seed: 7);
        var reference = DetectorRun.Of(audio, audio.Length);

        Assert.Multiple(() =>
        {
            Assert.That(reference.Keys, Is.EqualTo(AllKeys));
            foreach (var frame in new[] { 1, 7, 160, 333 })
            {
                var run = DetectorRun.Of(audio, frame);
                Assert.That(run.Started, Is.EqualTo(reference.Started), $"frames of {frame}");
                Assert.That(run.Ended, Is.EqualTo(reference.Ended), $"frames of {frame}");
            }
        });
    }

    [Test]
    public void Keys_under_white_noise_are_detected_exactly([Values(20, 15, 10)] double snrDb, [Values(1, 2, 3)] int seed)
    {
        // SNR: both tones' power together against the noise over the whole 0–4 kHz band.
        const double Level = -20;
        var noiseDbm0 = Level + (10 * Math.Log10(2)) - snrDb;

        var run = DetectorRun.Of(Signal.WithNoise(Signal.Keys(AllKeys, 60, 60, Level), noiseDbm0, seed));

        Assert.That(run.Keys, Is.EqualTo(AllKeys));
    }

    [Test]
    public void White_noise_alone_gives_no_key([Values(-40, -25, -10, 0)] double noiseDbm0)
    {
        var run = DetectorRun.Of(Signal.WithNoise(new short[Signal.Samples(10_000)], noiseDbm0, seed: 11));

        Assert.That(run.Started, Is.Empty);
    }

    [TestCase(0, TestName = "No twist")]
    [TestCase(-8, TestName = "Normal twist of 8 dB (high group weaker)")]
    [TestCase(4, TestName = "Reverse twist of 4 dB (high group stronger)")]
    public void Twist_within_the_limits_is_accepted(double highMinusLowDb)
    {
        Assert.Multiple(() =>
        {
            foreach (var key in AllKeys)
            {
                foreach (var low in new[] { -6.0, -16.0 })
                {
                    var run = DetectorRun.Of(Signal.Key(key, 60, low, low + highMinusLowDb));
                    Assert.That(run.Keys, Is.EqualTo(key.ToString()), $"key {key}, low group {low} dBm0");
                }
            }
        });
    }

    [TestCase(-10, TestName = "Normal twist of 10 dB (high group weaker)")]
    [TestCase(-14, TestName = "Normal twist of 14 dB (high group weaker)")]
    [TestCase(6, TestName = "Reverse twist of 6 dB (high group stronger)")]
    [TestCase(10, TestName = "Reverse twist of 10 dB (high group stronger)")]
    public void Twist_beyond_the_limits_is_rejected(double highMinusLowDb)
    {
        Assert.Multiple(() =>
        {
            foreach (var key in AllKeys)
            {
                var low = highMinusLowDb < 0 ? -6.0 : -16.0;
                var run = DetectorRun.Of(Signal.Key(key, 100, low, low + highMinusLowDb));
                Assert.That(run.Started, Is.Empty, $"key {key}");
            }
        });
    }

    [Test]
    public void Tones_of_23_ms_are_rejected_and_of_40_ms_accepted_wherever_they_fall_in_a_block()
    {
        Assert.Multiple(() =>
        {
            foreach (var key in AllKeys)
            {
                // Shifting by every offset within a hop covers every alignment of tone and blocks.
                for (var offset = 0; offset < 51; offset += 5)
                {
                    var lead = ToneSpec.Silence(100);
                    var shortTone = Signal.Render(lead, ToneSpec.Dtmf(key, 23), lead);
                    var longTone = Signal.Render(lead, ToneSpec.Dtmf(key, 40), lead);

                    Assert.That(DetectorRun.Of([.. new short[offset], .. shortTone]).Started, Is.Empty, $"23 ms {key}, offset {offset}");
                    Assert.That(DetectorRun.Of([.. new short[offset], .. longTone]).Keys, Is.EqualTo(key.ToString()), $"40 ms {key}, offset {offset}");
                }
            }
        });
    }

    [Test]
    public void Tones_off_frequency_by_1_5_percent_are_accepted_and_by_3_5_percent_rejected()
    {
        Assert.Multiple(() =>
        {
            foreach (var key in AllKeys)
            {
                DtmfKeypad.TryGetFrequencies(key, out var low, out var high);
                foreach (var (factor, expected) in new[] { (1.015, key.ToString()), (0.985, key.ToString()), (1.035, ""), (0.965, "") })
                {
                    var tone = new ToneSpec([new(low * factor, -10), new(high * factor, -10)], [80], repeats: false);
                    var run = DetectorRun.Of(Signal.Render(ToneSpec.Silence(50), tone, ToneSpec.Silence(100)));
                    Assert.That(run.Keys, Is.EqualTo(expected), $"key {key} at {factor:F3}×");
                }
            }
        });
    }

    [Test]
    public void A_held_key_is_reported_once_with_its_duration()
    {
        var run = DetectorRun.Of(Signal.Render(ToneSpec.Silence(100), ToneSpec.Dtmf('5', 3000), ToneSpec.Silence(200)));

        Assert.Multiple(() =>
        {
            Assert.That(run.Started, Has.Count.EqualTo(1));
            Assert.That(run.Keys, Is.EqualTo("5"));
            Assert.That(run.Ended[0].Duration.TotalMilliseconds, Is.EqualTo(3000).Within(15));
        });
    }

    [Test]
    public void Start_and_duration_are_measured_to_within_a_block()
    {
        Assert.Multiple(() =>
        {
            for (var offset = 0; offset < 51; offset += 5)
            {
                var start = Signal.Samples(100) + offset;
                var run = DetectorRun.Of([.. new short[offset], .. Signal.Key('8', 100, -10, -10)]);

                Assert.That(run.Ended, Has.Count.EqualTo(1));
                Assert.That(run.Ended[0].StartSample, Is.EqualTo(start).Within(DtmfBlockClassifier.BlockLength / 2), $"offset {offset}");
                Assert.That(run.Ended[0].DurationSamples, Is.EqualTo(Signal.Samples(100)).Within(DtmfBlockClassifier.BlockLength / 2), $"offset {offset}");
                Assert.That(run.Started[0].StartSample, Is.EqualTo(run.Ended[0].StartSample));
            }
        });
    }

    [Test]
    public void A_10_ms_dropout_does_not_split_a_key_but_a_40_ms_pause_does()
    {
        var dropout = Signal.Render(ToneSpec.Silence(100), ToneSpec.Dtmf('3', 60), ToneSpec.Silence(10), ToneSpec.Dtmf('3', 60), ToneSpec.Silence(100));
        var pause = Signal.Render(ToneSpec.Silence(100), ToneSpec.Dtmf('3', 60), ToneSpec.Silence(40), ToneSpec.Dtmf('3', 60), ToneSpec.Silence(100));

        Assert.Multiple(() =>
        {
            Assert.That(DetectorRun.Of(dropout).Keys, Is.EqualTo("3"));
            Assert.That(DetectorRun.Of(pause).Keys, Is.EqualTo("33"));
        });
    }

    [Test]
    public void Flush_ends_a_key_still_held_at_the_end_of_the_stream()
    {
        var detector = new GoertzelDtmfDetector();
        var ended = new List<InBandDigit>();
        detector.DigitEnded += ended.Add;
        detector.Process(Signal.Render(ToneSpec.Silence(20), ToneSpec.Dtmf('#', 200)));

        Assert.That(ended, Is.Empty);
        detector.Flush();
        Assert.That(ended.Select(d => d.Digit), Is.EqualTo(new[] { '#' }));
    }

    [Test]
    public void Reset_forgets_a_key_in_progress_and_the_sample_count()
    {
        var detector = new GoertzelDtmfDetector();
        var keys = new List<char>();
        detector.DigitEnded += d => keys.Add(d.Digit);
        detector.Process(Signal.Render(ToneSpec.Dtmf('1', 200)));
        detector.Reset();
        detector.Process(Signal.Render(ToneSpec.Silence(100), ToneSpec.Dtmf('2', 60), ToneSpec.Silence(100)));

        Assert.Multiple(() =>
        {
            Assert.That(keys, Is.EqualTo(new[] { '2' }));
            Assert.That(detector.SamplesProcessed, Is.EqualTo(Signal.Samples(260)));
        });
    }

    [Test]
    public void Processing_allocates_nothing()
    {
        var audio = Signal.WithNoise(Signal.Keys(AllKeys, 50, 50, -10), -40, seed: 3);
        var detector = new GoertzelDtmfDetector();
        var count = 0;
        detector.DigitStarted += _ => count++;
        detector.Process(audio);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var at = 0; at + 160 <= audio.Length; at += 160)
        {
            detector.Process(audio.AsSpan(at, 160));
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Multiple(() =>
        {
            Assert.That(allocated, Is.Zero);
            Assert.That(count, Is.EqualTo(2 * AllKeys.Length));
        });
    }
}
