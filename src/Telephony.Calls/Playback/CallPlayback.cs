using Telephony.Media.Codecs;
using Telephony.Media.Rtp;
using Telephony.Media.Tones;

namespace Telephony.Calls.Playback;

/// <summary>What a call plays and sends to the caller: play lists, tones, DTMF keys, pause/resume/stop.</summary>
/// <remarks>
/// The flow-facing half of playback: it resolves names and tone kinds for the call's codec and
/// tone plan, and watches for a key press on interruptible lists; the media's play queue does the
/// timing. Methods are called from the call's flow; pause/resume/stop may come from anywhere.
/// </remarks>
internal sealed class CallPlayback(RtpSession rtp, CallServices services, Func<AudioEncoding> encoding, Action<string> log, CancellationToken ended)
{
    /// <summary>A key lasts this long unless the flow says otherwise, with as long a gap after it (Q.24 asks for 40 ms at least).</summary>
    private static readonly TimeSpan DefaultToneLength = TimeSpan.FromMilliseconds(100);

    private TonePlan Plan => services.TonePlan ?? TonePlan.Europe;

    /// <param name="firstPacket">Called on the clock thread when the list's first packet leaves (a speech turn's reply is timed so); null when nobody asks.</param>
    public async Task<PlayListResult> PlayListAsync(IReadOnlyList<PlayListItem> items, bool interruptible, Speech.ISpeechTurn? bargeIn = null, Action? firstPacket = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        var (media, index) = PlayListResolver.Resolve(items, services.Prompts, Plan, encoding(), log);
        if (interruptible && (rtp.Digits.TryPeek(out _) || bargeIn?.SpeechStarted.IsCompleted == true))
        {
            // The caller already answered (typed ahead): the list is not started at all.
            return PlayListResolver.NotPlayed(index, interrupted: true);
        }

        var playing = rtp.Playback.PlayAsync(media, replace: true, firstPacket, ended);
        var interrupted = false;
        if (interruptible)
        {
            using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(ended);
            var digit = rtp.Digits.WaitToReadAsync(stopWatching.Token).AsTask();
            var speech = bargeIn?.SpeechStarted ?? Task.Delay(Timeout.Infinite, stopWatching.Token);
            // The prompt holds still from the caller's first voiced audio; it stops if that proves to be speech.
            bargeIn?.WatchOnsets(() => rtp.Playback.Pause(), () => rtp.Playback.Resume());

            var first = await Task.WhenAny(playing, digit, speech);
            if ((first == digit && digit.IsCompletedSuccessfully && digit.Result) || (first == speech && speech.IsCompletedSuccessfully))
            {
                // Barge-in: the queue stops at the next packet time, queued prompts (TTS too) dropped with it.
                interrupted = true;
                rtp.Playback.Stop();
            }

            await stopWatching.CancelAsync();
            bargeIn?.WatchOnsets(null, null);
        }

        return PlayListResolver.Results(index, await playing, interrupted);
    }

    public Task SendDigitsAsync(string digits, TimeSpan? toneLength)
    {
        var length = toneLength ?? DefaultToneLength;
        return rtp.SendDigitsAsync(digits, length, length);
    }
}
