using NUnit.Framework;
using Telephony.Calls.Speech;

namespace Telephony.Calls.Tests.Speech;

/// <summary>
/// The fast pause of barge-in on frames made here: digital silence, a tone loud enough to be a
/// fricative (−20 dBFS), one click frame. The stream clock is the frame count × 20 ms.
/// </summary>
public sealed class EarlyOnsetTests
{
    private static readonly short[] Quiet = new short[160];
    private static readonly short[] Loud = Tone(3000);

    private static short[] Tone(short amplitude)
    {
        var frame = new short[160];
        for (var i = 0; i < frame.Length; i++)
        {
            frame[i] = (short)(amplitude * Math.Sin(2 * Math.PI * 2000 * i / 8000.0));
        }

        return frame;
    }

    private sealed class Stream
    {
        public readonly EarlyOnset Onset = new();
        private int _frames;

        public TimeSpan Position => TimeSpan.FromMilliseconds(20 * _frames);

        public List<(int Frame, EarlyOnsetStep Step)> Feed(short[] frame, int count)
        {
            var steps = new List<(int, EarlyOnsetStep)>();
            for (var i = 0; i < count; i++)
            {
                _frames++;
                var step = Onset.Feed(frame, Position);
                if (step != EarlyOnsetStep.None)
                {
                    steps.Add((_frames, step));
                }
            }

            return steps;
        }
    }

    [Test]
    public void Two_loud_frames_after_silence_pause_the_prompt_at_the_second()
    {
        var stream = new Stream();
        Assert.That(stream.Feed(Quiet, 50), Is.Empty, "silence pauses nothing");
        var steps = stream.Feed(Loud, 2);
        Assert.That(steps, Is.EqualTo(new[] { (52, EarlyOnsetStep.Pause) }));
        Assert.That(stream.Onset.Pending, Is.True);
    }

    [Test]
    public void One_click_frame_does_not_pause()
    {
        var stream = new Stream();
        stream.Feed(Quiet, 50);
        var steps = stream.Feed(Loud, 1);
        steps.AddRange(stream.Feed(Quiet, 20));
        Assert.That(steps, Is.Empty);
    }

    [Test]
    public void A_pause_the_detector_confirms_is_not_a_false_alarm()
    {
        var stream = new Stream();
        stream.Feed(Quiet, 50);
        stream.Feed(Loud, 5);
        Assert.That(stream.Onset.Confirm(), Is.True, "the pause was pending: the prompt is paused already");
        Assert.That(stream.Onset.Confirm(), Is.False, "and only once");
        Assert.That(stream.Onset.FalseAlarms, Is.Zero);
    }

    [Test]
    public void An_unconfirmed_pause_resumes_after_the_confirmation_window()
    {
        var stream = new Stream();
        stream.Feed(Quiet, 50);
        var steps = stream.Feed(Loud, 2);
        var window = (int)Math.Ceiling(EarlyOnset.ConfirmWithin.TotalMilliseconds / 20);
        steps.AddRange(stream.Feed(Quiet, window + 5));
        Assert.That(steps, Is.EqualTo(new[] { (52, EarlyOnsetStep.Pause), (52 + window, EarlyOnsetStep.Resume) }),
            "paused at the second loud frame, resumed once 250 ms passed unconfirmed");
        Assert.That(stream.Onset.FalseAlarms, Is.EqualTo(1));
        Assert.That(stream.Onset.Pending, Is.False);
    }

    [Test]
    public void A_noisy_line_spends_the_budget_and_the_fast_pause_stays_off()
    {
        var stream = new Stream();
        stream.Feed(Quiet, 50);
        var steps = stream.Feed(Loud, 100); // two seconds of noise the speech detector never confirms
        var pauses = steps.Count(s => s.Step == EarlyOnsetStep.Pause);
        var resumes = steps.Count(s => s.Step == EarlyOnsetStep.Resume);
        Assert.Multiple(() =>
        {
            Assert.That(pauses, Is.EqualTo(EarlyOnset.FalseAlarmBudget), "paused once per false alarm the budget allows");
            Assert.That(resumes, Is.EqualTo(pauses), "and every pause resumed");
            Assert.That(stream.Onset.Off, Is.True);
            Assert.That(steps[^1].Step, Is.EqualTo(EarlyOnsetStep.Resume), "the prompt is left playing");
        });
    }

    [Test]
    public void After_a_cough_the_detector_rejected_it_listens_afresh()
    {
        var stream = new Stream();
        stream.Feed(Quiet, 50);
        stream.Feed(Loud, 3);
        Assert.That(stream.Onset.Confirm(), Is.True);
        stream.Onset.Restart(); // the detector's onset ended shorter than min_speech
        stream.Feed(Quiet, 20);
        var steps = stream.Feed(Loud, 2);
        Assert.That(steps.Select(s => s.Step), Is.EqualTo(new[] { EarlyOnsetStep.Pause }), "the next loud audio pauses again");
        Assert.That(stream.Onset.FalseAlarms, Is.Zero, "a confirmed onset is no false alarm");
    }
}
