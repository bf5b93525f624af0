using Telephony.Speech.Vad;

namespace Telephony.Calls.Recording;

/// <summary>
/// When a recording ends on its own audio: at its maximum length, or after <c>silence</c> of quiet
/// counted from the caller's last speech (from the start while nothing was said, so a caller who
/// says nothing is not recorded for the whole maximum). Keys and hangups are the recorder's.
/// Pure: fed the detector's decisions with the position of the audio recorded, so tests run it
/// on made-up frames without a clock.
/// </summary>
public sealed class RecordingRules(TimeSpan maxLength, TimeSpan silence)
{
    private TimeSpan _quietSince;

    /// <summary>Whether the detector heard speech at any point.</summary>
    public bool HeardSpeech { get; private set; }

    /// <summary>Where the first speech started (on the recording's clock), when it did.</summary>
    public TimeSpan? SpeechStart { get; private set; }

    /// <summary>Where the last speech ended so far.</summary>
    public TimeSpan? SpeechEnd { get; private set; }

    /// <summary>
    /// One frame recorded: <paramref name="position"/> is the audio recorded including it,
    /// <paramref name="transition"/> what the detector decided on it (its clock is the recording's),
    /// <paramref name="inSpeech"/> the detector's state after it. Returns how the recording ends, or null to go on.
    /// </summary>
    public RecordingEnd? OnFrame(TimeSpan position, VadTransition transition, bool inSpeech)
    {
        switch (transition.Kind)
        {
            case VadTransitionKind.SpeechStarted:
                HeardSpeech = true;
                SpeechStart ??= transition.At;
                break;
            case VadTransitionKind.SpeechEnded:
                _quietSince = transition.At;
                SpeechEnd = transition.At;
                break;
            default:
                break;
        }

        if (position >= maxLength)
        {
            return RecordingEnd.MaxLength;
        }

        if (silence > TimeSpan.Zero && !inSpeech && position - _quietSince >= silence)
        {
            return RecordingEnd.Silence;
        }

        return null;
    }
}
