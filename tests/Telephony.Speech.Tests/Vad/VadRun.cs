using Telephony.Speech.Vad;

namespace Telephony.Speech.Tests.Vad;

/// <summary>A transition as a caller sees it: what it says, and where the stream was when it was said.</summary>
internal readonly record struct Reported(VadTransitionKind Kind, TimeSpan At, TimeSpan ReportedAt);

internal static class VadRun
{
    /// <summary>Feeds <paramref name="audio"/> in 20 ms frames, as the media layer does, and collects every transition.</summary>
    public static List<Reported> Frames(IVoiceActivityDetector vad, short[] audio)
    {
        var seen = new List<Reported>();
        for (var offset = 0; offset < audio.Length; offset += RecordedSpeech.FrameSamples)
        {
            var length = Math.Min(RecordedSpeech.FrameSamples, audio.Length - offset);
            var transition = vad.Feed(audio.AsSpan(offset, length));
            if (transition.Kind != VadTransitionKind.None)
            {
                seen.Add(new Reported(transition.Kind, transition.At, vad.Position));
            }
        }

        return seen;
    }

    public static string Describe(IEnumerable<Reported> seen) =>
        string.Join("; ", seen.Select(r => $"{r.Kind} at {r.At.TotalMilliseconds:F0} ms (said at {r.ReportedAt.TotalMilliseconds:F0} ms)"));
}
