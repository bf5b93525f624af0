using Telephony.Calls.Prompts;
using Telephony.Media.Codecs;
using Telephony.Media.Playback;
using Telephony.Media.Rtp;
using Telephony.Media.Tones;

namespace Telephony.Calls.Playback;

/// <summary>Turns a flow's play list (names and tone kinds) into the media's (encoded audio and tone specs), and media results back.</summary>
internal static class PlayListResolver
{
    /// <summary>The media items to queue, and for each flow item its index among them (-1: missing, not queued).</summary>
    public static (List<PlayItem> Media, int[] Index) Resolve(
        IReadOnlyList<PlayListItem> items, PromptLibrary prompts, TonePlan plan, AudioEncoding encoding, Action<string>? log)
    {
        var media = new List<PlayItem>(items.Count);
        var index = new int[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i] ?? throw new ArgumentException("a play list cannot hold null items", nameof(items));
            PlayItem? resolved;
            if (item.PromptName is { } name)
            {
                resolved = Prompt(prompts, name, encoding, item.Duration, log);
            }
            else if (item.Tone is { } tone)
            {
                resolved = PlayItem.Of(Spec(plan, tone), item.Duration);
            }
            else
            {
                resolved = PlayItem.Silence(item.Duration ?? TimeSpan.Zero);
            }

            index[i] = resolved is null ? -1 : media.Count;
            if (resolved is not null)
            {
                media.Add(resolved);
            }
        }

        return (media, index);
    }

    /// <summary>The flow's results, from the media's (missing prompts were never queued).</summary>
    public static PlayListResult Results(int[] index, IReadOnlyList<PlayedItem> played, bool interrupted)
    {
        var results = new PlayItemResult[index.Length];
        for (var i = 0; i < index.Length; i++)
        {
            results[i] = index[i] < 0
                ? new PlayItemResult(PlayOutcome.Missing, TimeSpan.Zero)
                : new PlayItemResult(Outcome(played[index[i]].Result), played[index[i]].Played);
        }

        return new PlayListResult(results, interrupted);
    }

    /// <summary>A list that never reached the media (a key was already waiting): nothing played.</summary>
    public static PlayListResult NotPlayed(int[] index, bool interrupted) =>
        new([.. index.Select(i => new PlayItemResult(i < 0 ? PlayOutcome.Missing : PlayOutcome.NotPlayed, TimeSpan.Zero))], interrupted);

    private static PlayOutcome Outcome(PlaybackResult result) => result switch
    {
        PlaybackResult.Completed => PlayOutcome.Completed,
        PlaybackResult.Stopped => PlayOutcome.Stopped,
        PlaybackResult.Cancelled => PlayOutcome.CallEnded,
        _ => PlayOutcome.NotPlayed,
    };

    private static ToneSpec Spec(TonePlan plan, CallTone tone) => tone switch
    {
        CallTone.Ringback => plan.Ringback,
        CallTone.Busy => plan.Busy,
        CallTone.Congestion => plan.Congestion,
        CallTone.Beep => plan.Beep,
        _ => throw new ArgumentOutOfRangeException(nameof(tone), tone, "not a call tone"),
    };

    private static PlayItem? Prompt(PromptLibrary prompts, string name, AudioEncoding encoding, TimeSpan? limit, Action<string>? log)
    {
        try
        {
            return PlayItem.Of(prompts.Get(name, encoding), limit);
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException or UnauthorizedAccessException or IOException)
        {
            // A missing prompt must not cost the caller the rest of the call: skip it and say so.
            log?.Invoke($"skipping prompt: {e.Message}");
            return null;
        }
    }
}
