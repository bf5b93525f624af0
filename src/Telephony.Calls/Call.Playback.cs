using Telephony.Calls.Playback;

namespace Telephony.Calls;

/// <summary>What the flow plays and sends: prompts, lists, tones, silence, DTMF keys; pause, resume, stop.</summary>
public sealed partial class Call
{
    public async Task PlayAsync(IReadOnlyList<string> prompts, bool interruptible)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        await PlayListAsync([.. prompts.Select(PlayListItem.Prompt)], interruptible);
        ThrowIfEnded();
    }

    public Task<PlayListResult> PlayListAsync(IReadOnlyList<PlayListItem> items, bool interruptible = false) =>
        PlayListAsync(items, interruptible, null);

    public Task<PlayListResult> PlayListAsync(IReadOnlyList<PlayListItem> items, bool interruptible, Speech.ISpeechTurn? bargeIn)
    {
        ThrowIfEnded();
        return _playback.PlayListAsync(items, interruptible, bargeIn, ReplyFirstPacket());
    }

    public Task<PlayListResult> PlayToneAsync(CallTone tone, TimeSpan? duration = null) =>
        PlayListAsync([PlayListItem.Of(tone, duration)]);

    public Task<PlayListResult> PlaySilenceAsync(TimeSpan duration) =>
        PlayListAsync([PlayListItem.Silence(duration)]);

    public async Task SendDigitsAsync(string digits, TimeSpan? toneLength = null)
    {
        ThrowIfEnded();
        await _playback.SendDigitsAsync(digits, toneLength);
        ThrowIfEnded();
    }

    public bool PausePlayback() => _rtp.Playback.Pause();

    public bool ResumePlayback() => _rtp.Playback.Resume();

    public void StopPlayback() => _rtp.Playback.Stop();
}
