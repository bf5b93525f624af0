using Telephony.Calls.Playback;

namespace Telephony.Dialplan.Simulation;

/// <summary>Play lists, tones, digits to the caller and playback control, written to the transcript.</summary>
public sealed partial class SimulatedCall
{
    private bool _paused;

    public Task<PlayListResult> PlayListAsync(IReadOnlyList<PlayListItem> items, bool interruptible)
    {
        var results = new List<PlayItemResult>(items.Count);
        foreach (var item in items)
        {
            if (interruptible)
            {
                CheckHangup();
            }

            if (_ended.IsCancellationRequested)
            {
                results.Add(new PlayItemResult(PlayOutcome.CallEnded, TimeSpan.Zero));
                continue;
            }

            if (interruptible && InterruptionWaiting() is { } next)
            {
                // As with prompts: the key stops the list and stays for the menu or gather that follows.
                _write($"  (play list interrupted by {next})");
                while (results.Count < items.Count)
                {
                    results.Add(new PlayItemResult(PlayOutcome.NotPlayed, TimeSpan.Zero));
                }

                return Task.FromResult(new PlayListResult(results, Interrupted: true));
            }

            var length = item.Duration ?? TimeSpan.Zero;
            _write($"  play {item}");
            _clock.Advance(length);
            results.Add(new PlayItemResult(PlayOutcome.Completed, length));
        }

        return Task.FromResult(new PlayListResult(results, Interrupted: false));
    }

    public async Task<PlayListResult> PlayToneAsync(CallTone tone, TimeSpan? duration = null) =>
        await PlayListAsync([PlayListItem.Of(tone, duration)], interruptible: false);

    public async Task<PlayListResult> PlaySilenceAsync(TimeSpan duration) =>
        await PlayListAsync([PlayListItem.Silence(duration)], interruptible: false);

    public Task SendDigitsAsync(string digits, TimeSpan? toneLength = null)
    {
        ThrowIfEnded();
        _write($"  send digits {digits}");
        return Task.CompletedTask;
    }

    public bool PausePlayback()
    {
        if (_paused)
        {
            return false;
        }

        _paused = true;
        _write("  playback paused");
        return true;
    }

    public bool ResumePlayback()
    {
        if (!_paused)
        {
            return false;
        }

        _paused = false;
        _write("  playback resumed");
        return true;
    }

    public void StopPlayback() => _write("  playback stopped");
}
