using Telephony.Speech.Vad;

namespace Telephony.Speech.Tests.Vad;

/// <summary>The rules both engines share, on decisions written out by hand (20 ms windows of 160 samples).</summary>
public class VadHysteresisTests
{
    private const int Window = 160;

    /// <summary>Runs a pattern ('#' voiced, '.' not, one character per 20 ms) and returns what was reported.</summary>
    private static List<VadTransition> Run(string pattern, int minSpeechMs, int trailingMs)
    {
        var hysteresis = new VadHysteresis(new VadOptions(MinSpeech: TimeSpan.FromMilliseconds(minSpeechMs), TrailingSilence: TimeSpan.FromMilliseconds(trailingMs)));
        var seen = new List<VadTransition>();
        for (var i = 0; i < pattern.Length; i++)
        {
            var t = hysteresis.Observe(pattern[i] == '#', i * Window, (i + 1) * Window);
            if (t.Kind != VadTransitionKind.None)
            {
                seen.Add(t);
            }
        }

        return seen;
    }

    private static VadTransition Started(int ms) => new(VadTransitionKind.SpeechStarted, TimeSpan.FromMilliseconds(ms));

    private static VadTransition Ended(int ms) => new(VadTransitionKind.SpeechEnded, TimeSpan.FromMilliseconds(ms));

    [Test]
    public void A_start_is_dated_at_its_first_voiced_window_and_an_end_at_its_last()
    {
        // Voiced 100–300 ms, then silence: start said at 200 ms (100 ms gathered), end at 400 ms (100 ms silent).
        Assert.That(Run(".....##########......", 100, 100), Is.EqualTo(new[] { Started(100), Ended(300) }));
    }

    [Test]
    public void Less_voiced_audio_than_min_speech_is_no_start()
    {
        Assert.That(Run("...####.........", 100, 100), Is.Empty);
    }

    [Test]
    public void A_short_dip_inside_a_gathering_start_keeps_the_count_and_a_long_one_restarts_it()
    {
        // 60 ms voiced, a 40 ms dip, 60 ms voiced: 120 ms gathered, one start from the first window.
        Assert.That(Run("###..###.........", 100, 100), Is.EqualTo(new[] { Started(0), Ended(160) }));
        // The same with an 80 ms pause: the first 60 ms is forgotten, and 60 ms alone is not enough.
        Assert.That(Run("###....###.........", 100, 100), Is.Empty);
    }

    [Test]
    public void A_pause_shorter_than_the_trailing_silence_stays_one_utterance()
    {
        Assert.That(Run("######.........######............", 100, 200), Is.EqualTo(new[] { Started(0), Ended(420) }));
        Assert.That(Run("######.........######............", 100, 100), Has.Count.EqualTo(4));
    }

    [Test]
    public void Zero_min_speech_starts_at_the_first_voiced_window()
    {
        Assert.That(Run("..#.....", 0, 60), Is.EqualTo(new[] { Started(40), Ended(60) }));
    }
}
