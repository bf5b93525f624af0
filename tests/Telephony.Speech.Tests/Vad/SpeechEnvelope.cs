namespace Telephony.Speech.Tests.Vad;

/// <summary>Where a recording's words begin and end by its own loudness: a range, since a word's soft edge has no single point.</summary>
/// <param name="EarliestStart">The start by the loose rule (10 dB above the floor).</param>
/// <param name="LatestStart">The start by the strict rule (20 dB above the floor).</param>
/// <param name="EarliestEnd">The end by the strict rule.</param>
/// <param name="LatestEnd">The end by the loose rule.</param>
internal sealed record SpeechBounds(TimeSpan EarliestStart, TimeSpan LatestStart, TimeSpan EarliestEnd, TimeSpan LatestEnd)
{
    /// <summary>How far <paramref name="at"/> lies outside [<paramref name="earliest"/>, <paramref name="latest"/>] (zero inside).</summary>
    public static TimeSpan Outside(TimeSpan at, TimeSpan earliest, TimeSpan latest) =>
        at < earliest ? earliest - at : at > latest ? at - latest : TimeSpan.Zero;

    public override string ToString() =>
        $"start {EarliestStart.TotalMilliseconds:F0}–{LatestStart.TotalMilliseconds:F0} ms, end {EarliestEnd.TotalMilliseconds:F0}–{LatestEnd.TotalMilliseconds:F0} ms";
}

/// <summary>
/// The reference the detectors are checked against, computed independently of both: 10 ms frame
/// levels, the recording's own floor (its 10th percentile: these recordings are mostly words with
/// quiet before and after), and speech where the level stands above it. A strict rule (20 dB
/// above) catches only clear vowels; a loose one (10 dB above) also the soft edges of words, a
/// final "s", and now and then a breath. A right boundary lies between the two.
/// </summary>
internal static class SpeechEnvelope
{
    private const int FrameSamples = 80;
    private const double StrictDb = 20;
    private const double LooseDb = 10;

    /// <summary>The recording cut to its words (the strict rule), with 50 ms either side.</summary>
    public static short[] Words(short[] audio)
    {
        var bounds = Bounds(audio);
        var margin = RecordedSpeech.Samples(TimeSpan.FromMilliseconds(50));
        var from = Math.Max(0, RecordedSpeech.Samples(bounds.LatestStart) - margin);
        var to = Math.Min(audio.Length, RecordedSpeech.Samples(bounds.EarliestEnd) + margin);
        return audio[from..to];
    }

    public static SpeechBounds Bounds(short[] audio)
    {
        var levels = new double[audio.Length / FrameSamples];
        for (var i = 0; i < levels.Length; i++)
        {
            double sum = 0;
            for (var j = 0; j < FrameSamples; j++)
            {
                double s = audio[(i * FrameSamples) + j];
                sum += s * s;
            }

            levels[i] = 10 * Math.Log10(Math.Max(sum / FrameSamples, 1) / (32768.0 * 32768.0));
        }

        var floor = levels.Order().ElementAt(levels.Length / 10);
        var strictFirst = Array.FindIndex(levels, l => l > floor + StrictDb);
        var strictLast = Array.FindLastIndex(levels, l => l > floor + StrictDb);
        var looseFirst = Array.FindIndex(levels, l => l > floor + LooseDb);
        var looseLast = Array.FindLastIndex(levels, l => l > floor + LooseDb);
        Assert.That(strictFirst, Is.GreaterThanOrEqualTo(0), "the reference finds no speech in the recording");
        return new SpeechBounds(
            RecordedSpeech.Time(looseFirst * FrameSamples),
            RecordedSpeech.Time(strictFirst * FrameSamples),
            RecordedSpeech.Time((strictLast + 1) * FrameSamples),
            RecordedSpeech.Time((looseLast + 1) * FrameSamples));
    }
}
