using Telephony.Media.Codecs;
using Telephony.Media.Dtmf.InBand;
using Telephony.Media.Playback;
using Telephony.Media.Tones;

namespace Telephony.Media.Tests.Playback;

/// <summary>The country tone plans as a caller hears them: frequencies and cadence measured on the decoded wire audio.</summary>
public class ToneAudioTests
{
    private static readonly double[] Probes = [350, 400, 425, 440, 450, 480, 620, 1000];

    public static IEnumerable<TestCaseData> PlanTones()
    {
        foreach (var plan in new[] { TonePlan.Europe, TonePlan.NorthAmerica, TonePlan.UnitedKingdom })
        {
            yield return new TestCaseData(plan.Ringback).SetName($"{plan.Name}_ringback");
            yield return new TestCaseData(plan.Busy).SetName($"{plan.Name}_busy");
            yield return new TestCaseData(plan.Congestion).SetName($"{plan.Name}_congestion");
        }
    }

    /// <summary>The cadence heard: lengths in ms of alternating on and off runs, from 5 ms blocks.</summary>
    internal static List<int> Cadence(ReadOnlySpan<short> pcm8k)
    {
        var runs = new List<int>();
        bool? on = null;
        for (var at = 0; at + 40 <= pcm8k.Length; at += 40)
        {
            var block = pcm8k.Slice(at, 40);
            var meanSquare = 0.0;
            foreach (var s in block)
            {
                meanSquare += (double)s * s / block.Length;
            }

            var now = Dbm0.FromMeanSquare(meanSquare) > -40;
            if (now != on)
            {
                runs.Add(0);
                on = now;
            }

            runs[^1] += 5;
        }

        return runs;
    }

    [TestCaseSource(nameof(PlanTones))]
    public void Each_tone_has_its_frequencies_and_cadence_on_the_wire(ToneSpec tone)
    {
        var audio = ToneAudio.Cached(tone, AudioEncoding.Pcmu);
        var pcm = new short[audio.Data.Length];
        G711.Decode(AudioEncoding.Pcmu, audio.Data, pcm);

        // 200 ms of the first on-period (the shortest is 225 ms), clear of the 2 ms ramps, Hann-windowed
        // so a tone 25 Hz away (425 vs 400/450) does not leak into the probe.
        var onBlock = pcm[80..1680];
        var window = Enumerable.Range(0, onBlock.Length).Select(n => 0.5 - (0.5 * Math.Cos(2 * Math.PI * n / onBlock.Length))).ToArray();
        var levels = Probes.ToDictionary(hz => hz, hz => Dbm0.FromMeanSquare(Goertzel.Power(onBlock, window, window.Sum(), Goertzel.Coefficient(hz, 8000))));
        var cadence = Cadence(pcm);
        Assert.Multiple(() =>
        {
            foreach (var f in tone.Frequencies)
            {
                Assert.That(levels[f.Hz], Is.EqualTo(f.LevelDbm0).Within(1.5), $"{f.Hz} Hz at its level");
            }

            foreach (var hz in Probes.Where(p => tone.Frequencies.All(f => Math.Abs(f.Hz - p) > 1)))
            {
                Assert.That(levels[hz], Is.LessThan(tone.Frequencies.Min(f => f.LevelDbm0) - 20), $"no {hz} Hz");
            }

            Assert.That(cadence, Is.EqualTo(tone.CadenceMs), "on/off runs of one rendered cycle");
        });
    }

    [Test]
    public void The_plans_differ_where_callers_notice()
    {
        Assert.Multiple(() =>
        {
            Assert.That(TonePlan.Europe.Ringback.Frequencies.Select(f => f.Hz), Is.EqualTo(new[] { 425.0 }));
            Assert.That(TonePlan.Europe.Ringback.CadenceMs, Is.EqualTo(new[] { 1000, 4000 }));
            Assert.That(TonePlan.NorthAmerica.Ringback.Frequencies.Select(f => f.Hz), Is.EqualTo(new[] { 440.0, 480.0 }));
            Assert.That(TonePlan.NorthAmerica.Ringback.CadenceMs, Is.EqualTo(new[] { 2000, 4000 }));
            Assert.That(TonePlan.NorthAmerica.Busy.Frequencies.Select(f => f.Hz), Is.EqualTo(new[] { 480.0, 620.0 }));
            Assert.That(TonePlan.Europe.Busy.CadenceMs, Is.EqualTo(new[] { 500, 500 }));
        });
    }

    [TestCase("eu", "eu")]
    [TestCase("ITU", "eu")]
    [TestCase("us", "us")]
    [TestCase("na", "us")]
    [TestCase("uk", "uk")]
    public void Plans_are_chosen_by_name(string name, string expected)
    {
        Assert.That(TonePlan.TryParse(name, out var plan), Is.True);
        Assert.That(plan.Name, Is.EqualTo(expected));
    }

    [Test]
    public void An_unknown_plan_name_is_refused()
    {
        Assert.That(TonePlan.TryParse("mars", out _), Is.False);
    }

    [Test]
    public void A_tone_is_rendered_once_per_encoding_and_shared()
    {
        var a = ToneAudio.Cached(TonePlan.Europe.Busy, AudioEncoding.Pcma);
        var b = ToneAudio.Cached(TonePlan.Europe.Busy, AudioEncoding.Pcma);
        var c = ToneAudio.Cached(TonePlan.Europe.Busy, AudioEncoding.Pcmu);

        Assert.Multiple(() =>
        {
            Assert.That(b, Is.SameAs(a));
            Assert.That(c, Is.Not.SameAs(a));
            Assert.That(c.Encoding, Is.EqualTo(AudioEncoding.Pcmu));
        });
    }

    [Test]
    public void A_wideband_call_gets_the_tone_rendered_at_16_kHz()
    {
        var audio = ToneAudio.Cached(TonePlan.NorthAmerica.Busy, AudioEncoding.G722);
        var pcm = new short[audio.Data.Length * 2];
        new Codecs.G722.G722Decoder().Decode(audio.Data, pcm);

        var onBlock = pcm[(16 * 100)..(16 * 200)];
        Assert.Multiple(() =>
        {
            Assert.That(audio.Data, Has.Length.EqualTo(8000), "one 1 s cycle at 8 bytes per ms");
            Assert.That(Dbm0.FromMeanSquare(Goertzel.Power(onBlock, Goertzel.Coefficient(620, 16000))), Is.EqualTo(-24).Within(2));
            Assert.That(Dbm0.FromMeanSquare(Goertzel.Power(onBlock, Goertzel.Coefficient(480, 16000))), Is.EqualTo(-24).Within(2));
        });
    }

    [Test]
    public void A_continuous_tone_loops_without_a_seam()
    {
        var tone = new ToneSpec([new(1000, -10)], [], repeats: false);
        var cycle = ToneAudio.Cached(tone, AudioEncoding.Pcmu);
        var pcm = new short[cycle.Data.Length * 2];
        G711.Decode(AudioEncoding.Pcmu, [.. cycle.Data, .. cycle.Data], pcm);

        // Around the loop point, 10 ms either side: the level stays that of the tone (no fade, no click).
        var seam = pcm[(8000 - 80)..(8000 + 80)];
        var level = Dbm0.FromMeanSquare(Goertzel.Power(seam, Goertzel.Coefficient(1000, 8000)));
        var firstMs = pcm[..8].Max(s => Math.Abs((int)s));

        Assert.Multiple(() =>
        {
            Assert.That(ToneAudio.Loops(tone), Is.True);
            Assert.That(level, Is.EqualTo(-10).Within(0.3));
            Assert.That(firstMs, Is.GreaterThan(0.9 * Dbm0.ToSinePeak(-10)), "no fade-in at the start of the loop");
        });
    }
}
