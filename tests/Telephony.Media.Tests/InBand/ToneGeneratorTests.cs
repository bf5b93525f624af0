using Telephony.Media.Dtmf.InBand;
using Telephony.Media.Tones;

namespace Telephony.Media.Tests.InBand;

public class ToneGeneratorTests
{
    private static double Db(double power, double reference) => 10 * Math.Log10(power / reference);

    [Test]
    public void A_dtmf_key_has_exactly_its_two_frequencies_at_the_given_levels()
    {
        Assert.Multiple(() =>
        {
            foreach (var key in "0123456789*#ABCD")
            {
                DtmfKeypad.TryGetFrequencies(key, out var low, out var high);
                var tone = Signal.Render(ToneSpec.Dtmf(key, 1000, -6, -8));

                // Skip the 2 ms ramps; one second gives 1 Hz resolution, so the other keypad frequencies are far off-bin.
                var steady = tone.AsSpan(Signal.Samples(2), Signal.Samples(996));
                Assert.That(Dbm0.FromMeanSquare(Dft.Power(steady, low)), Is.EqualTo(-6).Within(0.1), $"{key} low");
                Assert.That(Dbm0.FromMeanSquare(Dft.Power(steady, high)), Is.EqualTo(-8).Within(0.1), $"{key} high");
                foreach (var other in DtmfKeypad.LowGroup.ToArray().Concat(DtmfKeypad.HighGroup.ToArray()).Where(f => f != low && f != high))
                {
                    Assert.That(Db(Dft.Power(steady, other), Dft.Power(steady, low)), Is.LessThan(-40), $"{key} at {other} Hz");
                }

                Assert.That(Db(Dft.MeanSquare(steady), Dbm0.ToMeanSquare(-6) + Dbm0.ToMeanSquare(-8)), Is.EqualTo(0).Within(0.05), $"{key}: nothing but the two tones");
                Assert.That(DetectorRun.Of([.. new short[400], .. tone, .. new short[400]]).Keys, Is.EqualTo(key.ToString()));
            }
        });
    }

    [Test]
    public void A_dtmf_key_lasts_exactly_its_duration_and_then_finishes()
    {
        var generator = new ToneGenerator(ToneSpec.Dtmf('7', 70));
        var buffer = new short[1000];

        var written = generator.Read(buffer);

        Assert.Multiple(() =>
        {
            Assert.That(written, Is.EqualTo(560));
            Assert.That(generator.Finished, Is.True);
            Assert.That(generator.Read(buffer), Is.Zero);
        });
    }

    [Test]
    public void Levels_in_dbm0_follow_g711_full_scale()
    {
        // +3.14 dBm0 is the largest sine G.711 carries; a 0 dBm0 sine is therefore 3.14 dB below full scale.
        var tone = Signal.Render(new ToneSpec([new(1000, 0)], [1000], repeats: false));

        Assert.Multiple(() =>
        {
            Assert.That(tone.Max(s => (int)s), Is.EqualTo(22_827).Within(2));
            Assert.That(Dbm0.FromMeanSquare(Dft.Power(tone.AsSpan(16, 7968), 1000)), Is.EqualTo(0).Within(0.01));
        });
    }

    [TestCaseSource(nameof(Cadenced))]
    public void Cadence_is_exact_in_samples_and_every_burst_is_identical(ToneSpec spec, int onSamples, int offSamples, double[] frequencies, double levelDbm0)
    {
        var period = onSamples + offSamples;
        var audio = Signal.Render(spec, (3 * period) + 5);
        var firstBurst = audio[..onSamples];

        Assert.Multiple(() =>
        {
            for (var cycle = 0; cycle < 3; cycle++)
            {
                var on = audio.AsSpan(cycle * period, onSamples);
                var off = audio.AsSpan((cycle * period) + onSamples, offSamples);
                Assert.That(on.SequenceEqual(firstBurst), Is.True, $"burst {cycle} equals the first");
                Assert.That(off.ContainsAnyExcept((short)0), Is.False, $"off-period {cycle} is silent");

                // Both ends of the on-period carry the tone: within the 2 ms (16-sample) ramps it is already audible.
                Assert.That(on[1..16].ContainsAnyExcept((short)0), Is.True, $"burst {cycle} starts at once");
                Assert.That(on[^16..^1].ContainsAnyExcept((short)0), Is.True, $"burst {cycle} lasts to its end");
            }

            Assert.That(audio[(3 * period)..], Is.EqualTo(firstBurst[..5]), "the cadence repeats");
            var steady = firstBurst[16..^16];
            foreach (var hz in frequencies)
            {
                Assert.That(Dbm0.FromMeanSquare(Dft.Power(steady, hz)), Is.EqualTo(levelDbm0).Within(0.1), $"{hz} Hz");
            }
        });
    }

    private static IEnumerable<TestCaseData> Cadenced()
    {
        yield return new TestCaseData(ToneSpec.RingbackNorthAmerica, 16_000, 32_000, new double[] { 440, 480 }, -19.0).SetName("Ringback North America: 440+480 Hz, 2 s on, 4 s off");
        yield return new TestCaseData(ToneSpec.RingbackEurope, 8_000, 32_000, new double[] { 425 }, -13.0).SetName("Ringback Europe: 425 Hz, 1 s on, 4 s off");
        yield return new TestCaseData(ToneSpec.BusyNorthAmerica, 4_000, 4_000, new double[] { 480, 620 }, -24.0).SetName("Busy: 480+620 Hz, 0.5 s on, 0.5 s off");
    }

    [Test]
    public void The_beep_is_200_ms_of_1000_hz()
    {
        var beep = Signal.Render(ToneSpec.Beep);

        Assert.Multiple(() =>
        {
            Assert.That(beep, Has.Length.EqualTo(1600));
            Assert.That(Dbm0.FromMeanSquare(Dft.Power(beep.AsSpan(16, 1568), 1000)), Is.EqualTo(-10).Within(0.1));
            Assert.That(Db(Dft.Power(beep.AsSpan(16, 1568), 2000), Dft.Power(beep.AsSpan(16, 1568), 1000)), Is.LessThan(-60));
        });
    }

    [Test]
    public void Silence_is_zeros_for_exactly_its_duration()
    {
        var silence = Signal.Render(ToneSpec.Silence(125));

        Assert.Multiple(() =>
        {
            Assert.That(silence, Has.Length.EqualTo(1000));
            Assert.That(silence, Is.All.Zero);
        });
    }

    [Test]
    public void Output_does_not_depend_on_frame_length()
    {
        var whole = Signal.Render(ToneSpec.BusyNorthAmerica, 20_000);

        Assert.Multiple(() =>
        {
            foreach (var frame in new[] { 1, 7, 160, 333 })
            {
                var generator = new ToneGenerator(ToneSpec.BusyNorthAmerica);
                var framed = new short[whole.Length];
                for (var at = 0; at < framed.Length; at += frame)
                {
                    Assert.That(generator.Read(framed.AsSpan(at, Math.Min(frame, framed.Length - at))), Is.EqualTo(Math.Min(frame, framed.Length - at)));
                }

                Assert.That(framed, Is.EqualTo(whole), $"frames of {frame}");
            }
        });
    }

    [Test]
    public void Phase_is_continuous_across_frames()
    {
        // A sine of peak A at f moves at most 2πfA/fs per sample; a phase jump at a frame edge would
        // show as a larger step. Frames of 7 samples put an edge almost everywhere.
        var generator = new ToneGenerator(ToneSpec.RingbackNorthAmerica);
        var audio = new short[Signal.Samples(1500)];
        for (var at = 0; at < audio.Length; at += 7)
        {
            generator.Read(audio.AsSpan(at, Math.Min(7, audio.Length - at)));
        }

        var peak = Dbm0.ToSinePeak(-19);
        var maxStep = 2 * Math.PI * peak * (440 + 480) / Signal.Rate;
        var steps = audio.Zip(audio.Skip(1), (a, b) => Math.Abs(b - a)).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(steps.Max(), Is.LessThanOrEqualTo(maxStep + 1));
            Assert.That(Dbm0.FromMeanSquare(Dft.Power(audio.AsSpan(16), 440)), Is.EqualTo(-19).Within(0.1), "one coherent 440 Hz tone over all frames");
        });
    }

    [Test]
    public void Start_replaces_the_tone_and_begins_from_its_start()
    {
        var generator = new ToneGenerator(ToneSpec.BusyNorthAmerica);
        var buffer = new short[2000];
        generator.Read(buffer);

        generator.Start(ToneSpec.Beep);
        var written = generator.Read(buffer);

        Assert.Multiple(() =>
        {
            Assert.That(written, Is.EqualTo(1600));
            Assert.That(buffer.AsSpan(0, 1600).SequenceEqual(Signal.Render(ToneSpec.Beep)), Is.True);
            Assert.That(generator.Position, Is.EqualTo(1600));
        });
    }

    [Test]
    public void Reading_allocates_nothing()
    {
        var generator = new ToneGenerator(ToneSpec.RingbackNorthAmerica);
        var frame = new short[160];
        generator.Read(frame);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            generator.Read(frame);
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    [Test]
    public void Keys_outside_the_keypad_are_refused()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => ToneSpec.Dtmf('E', 100), Throws.ArgumentException);
            Assert.That(() => ToneSpec.Dtmf('a', 100), Throws.ArgumentException);
            Assert.That(() => new ToneSpec([new(5000, -10)], [100], repeats: false), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }
}
