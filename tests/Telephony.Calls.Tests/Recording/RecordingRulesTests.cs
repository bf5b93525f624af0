using Telephony.Calls.Recording;
using Telephony.Speech.Vad;

namespace Telephony.Calls.Tests.Recording;

/// <summary>
/// When a recording ends by itself. The clock is the audio recorded: frames of 20 ms are fed with
/// the detector's decisions (made up, or from the real energy detector over made-up audio).
/// </summary>
public class RecordingRulesTests
{
    private static readonly TimeSpan Frame = TimeSpan.FromMilliseconds(20);

    [Test]
    public void A_caller_who_says_nothing_is_ended_by_the_silence_from_the_start()
    {
        var rules = new RecordingRules(TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(3));
        var (end, at) = Run(rules, _ => (VadTransition.None, false));
        Assert.Multiple(() =>
        {
            Assert.That(end, Is.EqualTo(RecordingEnd.Silence));
            Assert.That(at, Is.EqualTo(TimeSpan.FromSeconds(3)));
            Assert.That(rules.HeardSpeech, Is.False);
        });
    }

    [Test]
    public void The_silence_counts_from_the_end_of_the_last_speech_and_a_shorter_pause_does_not_end_it()
    {
        var rules = new RecordingRules(TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(2));

        // Speech 0.5-2.0 s (the end decided 300 ms later), a 1 s pause, speech 3.0-5.0 s.
        var (end, at) = Run(rules, t => Speech(t, (0.5, 2.0), (3.0, 5.0)));
        Assert.Multiple(() =>
        {
            Assert.That(end, Is.EqualTo(RecordingEnd.Silence));
            Assert.That(at.TotalSeconds, Is.EqualTo(7.0).Within(0.001), "2 s after the last speech ended at 5 s");
            Assert.That(rules.HeardSpeech, Is.True);
            Assert.That(rules.SpeechStart, Is.EqualTo(TimeSpan.FromSeconds(0.5)));
            Assert.That(rules.SpeechEnd, Is.EqualTo(TimeSpan.FromSeconds(5.0)));
        });
    }

    [Test]
    public void Without_a_silence_rule_only_the_maximum_length_ends_it()
    {
        var rules = new RecordingRules(TimeSpan.FromSeconds(30), TimeSpan.Zero);
        var (end, at) = Run(rules, t => Speech(t, (1.0, 2.0)));
        Assert.That((end, at), Is.EqualTo((RecordingEnd.MaxLength, TimeSpan.FromSeconds(30))));
    }

    [Test]
    public void A_caller_still_talking_at_the_maximum_is_cut_there()
    {
        var rules = new RecordingRules(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2));
        var (end, at) = Run(rules, t => Speech(t, (0.2, 60)));
        Assert.That((end, at), Is.EqualTo((RecordingEnd.MaxLength, TimeSpan.FromSeconds(10))));
    }

    [Test]
    public void The_server_cap_bounds_what_a_step_asks()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new RecordingOptions(TimeSpan.FromHours(1), TimeSpan.Zero).EffectiveMaxLength(), Is.EqualTo(RecordingOptions.ServerCap));
            Assert.That(new RecordingOptions(TimeSpan.FromMinutes(2), TimeSpan.Zero).EffectiveMaxLength(), Is.EqualTo(TimeSpan.FromMinutes(2)));
            Assert.That(new RecordingOptions(TimeSpan.FromMinutes(2), TimeSpan.Zero).EffectiveMaxLength(TimeSpan.FromSeconds(30)), Is.EqualTo(TimeSpan.FromSeconds(30)));
        });
    }

    [Test]
    public void With_the_energy_detector_a_tone_then_quiet_ends_the_silence_after_the_tone()
    {
        // 1 s of quiet line noise, 1.5 s of a loud 440 Hz tone standing in for a voice, then quiet.
        using var detector = new EnergyVad(new VadOptions(MinSpeech: TimeSpan.FromMilliseconds(150)));
        var rules = new RecordingRules(TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(2));
        var frame = new short[160];
        var random = new Random(3);
        RecordingEnd? end = null;
        var position = TimeSpan.Zero;
        var n = 0;
        while (end is null && position < TimeSpan.FromSeconds(20))
        {
            var loud = position >= TimeSpan.FromSeconds(1) && position < TimeSpan.FromSeconds(2.5);
            for (var i = 0; i < frame.Length; i++, n++)
            {
                frame[i] = loud ? (short)(8000 * Math.Sin(2 * Math.PI * 440 * n / 8000)) : (short)random.Next(-30, 30);
            }

            position += Frame;
            end = rules.OnFrame(position, detector.Feed(frame), detector.InSpeech);
        }

        Assert.Multiple(() =>
        {
            Assert.That(end, Is.EqualTo(RecordingEnd.Silence));
            Assert.That(rules.HeardSpeech, Is.True);
            Assert.That(rules.SpeechStart!.Value.TotalSeconds, Is.EqualTo(1.0).Within(0.1));
            Assert.That(rules.SpeechEnd!.Value.TotalSeconds, Is.EqualTo(2.5).Within(0.1));
            Assert.That(position.TotalSeconds, Is.EqualTo(4.5).Within(0.15), "2 s of silence after the tone");
        });
    }

    /// <summary>Feeds frames until the rules end the recording (at most 10 minutes of them).</summary>
    private static (RecordingEnd? End, TimeSpan At) Run(RecordingRules rules, Func<TimeSpan, (VadTransition, bool)> detector)
    {
        var position = TimeSpan.Zero;
        while (position < TimeSpan.FromMinutes(10))
        {
            position += Frame;
            var (transition, inSpeech) = detector(position);
            if (rules.OnFrame(position, transition, inSpeech) is { } end)
            {
                return (end, position);
            }
        }

        return (null, position);
    }

    /// <summary>
    /// A detector's view of speech over <paramref name="spans"/> (seconds): the start reported at
    /// its first frame, the end 300 ms after the last voiced audio (its hangover, still in speech meanwhile).
    /// </summary>
    private static (VadTransition, bool) Speech(TimeSpan position, params (double From, double To)[] spans)
    {
        var hangover = TimeSpan.FromMilliseconds(300);
        foreach (var (from, to) in spans)
        {
            var start = TimeSpan.FromSeconds(from);
            var end = TimeSpan.FromSeconds(to);
            if (position == Round(start + Frame))
            {
                return (new VadTransition(VadTransitionKind.SpeechStarted, start), true);
            }

            if (position == Round(end + hangover))
            {
                return (new VadTransition(VadTransitionKind.SpeechEnded, end), false);
            }

            if (position > start && position < end + hangover)
            {
                return (VadTransition.None, true);
            }
        }

        return (VadTransition.None, false);
    }

    private static TimeSpan Round(TimeSpan t) => TimeSpan.FromMilliseconds(Math.Round(t.TotalMilliseconds / 20) * 20);
}
