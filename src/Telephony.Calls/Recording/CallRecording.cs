using Telephony.Media.Dtmf;
using Telephony.Media.Taps;
using Telephony.Speech.Vad;

namespace Telephony.Calls.Recording;

/// <summary>
/// One recording running: the caller's tap (8 kHz, out of the jitter buffer) read on a thread-pool
/// task, each frame queued to the <see cref="WavStreamWriter"/> and fed to the detector, whose
/// decisions go through the <see cref="RecordingRules"/>; a stop key or the end of the call stops it
/// too. Nothing here runs on the media clock thread, and the frame loop allocates nothing.
/// </summary>
internal sealed class CallRecording(
    AudioTap tap,
    IVoiceActivityDetector detector,
    WavStreamWriter writer,
    RecordingRules rules,
    TimeSpan maxLength,
    string stopKeys,
    Func<CancellationToken, ValueTask<DtmfDigit>> readDigit,
    Action<char> heardDigit,
    TimeProvider time,
    CancellationToken callEnded)
{
    /// <summary>Cut after a key besides its own length: the detection and the jitter buffer's delay.</summary>
    private static readonly TimeSpan KeyMargin = TimeSpan.FromMilliseconds(80);

    /// <summary>Wall time beyond the maximum length before it ends anyway (a caller sending no audio at all).</summary>
    private static readonly TimeSpan AudioSlack = TimeSpan.FromSeconds(2);

    /// <summary>How it ended, and the stop key.</summary>
    public readonly record struct Ending(RecordingEnd Reason, char? Key);

    public async Task<Ending> RunAsync()
    {
        using var deadline = new CancellationTokenSource(maxLength + AudioSlack, time);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(callEnded, deadline.Token);
        using var keysDone = new CancellationTokenSource();
        DtmfDigit? pressed = null;
        var keys = Task.Run(
            async () =>
            {
                pressed = await WaitForStopKeyAsync(keysDone.Token);
                if (pressed is not null)
                {
                    await stop.CancelAsync();
                }
            },
            CancellationToken.None);

        RecordingEnd? end = null;
        var frame = new short[tap.FrameSamples];
        var frameLength = TimeSpan.FromSeconds((double)tap.FrameSamples / tap.SampleRate);
        var position = TimeSpan.Zero;
        try
        {
            while (end is null && await tap.WaitToReadAsync(stop.Token))
            {
                while (end is null && tap.TryRead(frame, out _))
                {
                    writer.Write(frame);
                    position += frameLength;
                    var transition = detector.Feed(frame);
                    end = rules.OnFrame(position, transition, detector.InSpeech);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // A key, the call's end or the wall-clock deadline: told apart below.
        }

        await keysDone.CancelAsync();
        await keys;
        if (end is { } decided)
        {
            return new Ending(decided, null);
        }

        if (pressed is { } key)
        {
            // The key's own tone (in-band) or the phone's muted audio while it was held is no message.
            var cut = TimeSpan.FromSeconds(key.Duration / 8000.0) + KeyMargin;
            writer.TruncateTo(writer.Samples - (long)(Math.Min(cut.TotalSeconds, 1.0) * tap.SampleRate));
            return new Ending(RecordingEnd.Key, key.Digit);
        }

        return callEnded.IsCancellationRequested || !deadline.IsCancellationRequested
            ? new Ending(RecordingEnd.Hangup, null)
            : new Ending(RecordingEnd.MaxLength, null);
    }

    private async Task<DtmfDigit?> WaitForStopKeyAsync(CancellationToken token)
    {
        try
        {
            while (true)
            {
                var digit = await readDigit(token);
                heardDigit(digit.Digit);
                if (stopKeys.Contains(digit.Digit, StringComparison.Ordinal))
                {
                    return digit;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            return null; // the call's media ended
        }
    }
}
