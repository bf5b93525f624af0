using Telephony.Speech.Vad;

namespace Telephony.Calls.Speech;

/// <summary>
/// The fast half of barge-in: pauses a prompt at the first loud audio in the caller's stream,
/// before the speech detector has decided it is speech. Silero starts a word at its vowel, 80-150 ms
/// after a fricative or a breathy onset ("seven", "five", "hello") that the caller already hears
/// as talking; an energy detector (two frames 10 dB above the line's noise floor and louder than
/// −40 dBFS) hears the fricative.
/// A pause that the speech detector does not confirm within <see cref="ConfirmWithin"/> is a
/// false alarm and the prompt plays on; after <see cref="FalseAlarmBudget"/> of them in one turn
/// (a noisy line, an echo of our own prompt) the fast path stays off and barge-in waits for the
/// speech detector alone, so a noisy caller hears a prompt that is not chopped up.
/// One per turn; fed on the turn's worker, in order; not thread-safe.
/// </summary>
internal sealed class EarlyOnset : IDisposable
{
    /// <summary>How long the speech detector has to confirm a pause: its two windows after the vowel that follows a fricative.</summary>
    internal static readonly TimeSpan ConfirmWithin = TimeSpan.FromMilliseconds(250);

    /// <summary>Unconfirmed pauses a turn allows before the fast path is off for the rest of it.</summary>
    internal const int FalseAlarmBudget = 2;

    /// <summary>Loud audio before a pause: two 20 ms frames, so one click does not pause a prompt.</summary>
    private static readonly TimeSpan LoudFor = TimeSpan.FromMilliseconds(40);

    /// <summary>
    /// Quieter audio never pauses, whatever the floor: the fast path acts before Silero has judged
    /// anything, so it takes only what is plainly loud. At the energy detector's own −45 dBFS the
    /// room noise at the start of a recording after digital silence paused the prompt 180 ms early.
    /// </summary>
    private const double LoudDbfs = -40;

    private readonly EnergyVad _energy = new(new VadOptions(MinSpeech: LoudFor, TrailingSilence: TimeSpan.FromMilliseconds(100), EnergyMinimumDbfs: LoudDbfs));
    private TimeSpan? _pausedAt;

    /// <summary>Unconfirmed pauses so far in this turn.</summary>
    public int FalseAlarms { get; private set; }

    /// <summary>Whether a pause is waiting for the speech detector.</summary>
    public bool Pending => _pausedAt is not null;

    /// <summary>Off for the rest of the turn: its budget of false alarms is spent.</summary>
    public bool Off => FalseAlarms >= FalseAlarmBudget;

    /// <summary>
    /// One frame the speech detector has not called speech yet, at <paramref name="position"/> on the
    /// turn's stream clock. Returns <see cref="EarlyOnsetStep.Pause"/> when the prompt should pause now,
    /// <see cref="EarlyOnsetStep.Resume"/> when an earlier pause went unconfirmed too long.
    /// </summary>
    public EarlyOnsetStep Feed(ReadOnlySpan<short> frame, TimeSpan position)
    {
        if (Off)
        {
            return EarlyOnsetStep.None;
        }

        var transition = _energy.Feed(frame);
        if (_pausedAt is { } pausedAt)
        {
            if (position - pausedAt < ConfirmWithin)
            {
                return EarlyOnsetStep.None;
            }

            _pausedAt = null;
            FalseAlarms++;
            _energy.Reset(); // a noise that goes on must be loud for another two frames to pause again
            return EarlyOnsetStep.Resume;
        }

        if (transition.Kind != VadTransitionKind.SpeechStarted)
        {
            return EarlyOnsetStep.None;
        }

        _pausedAt = position;
        return EarlyOnsetStep.Pause;
    }

    /// <summary>The speech detector called an onset; returns whether this had paused the prompt already.</summary>
    public bool Confirm()
    {
        var pending = _pausedAt is not null;
        _pausedAt = null;
        return pending;
    }

    /// <summary>The speech detector's onset ended too short (a cough): listen afresh; the noise floor is kept.</summary>
    public void Restart()
    {
        _pausedAt = null;
        _energy.Reset();
    }

    public void Dispose() => _energy.Dispose();
}

/// <summary>What <see cref="EarlyOnset.Feed"/> asks of the prompt.</summary>
internal enum EarlyOnsetStep
{
    None,
    Pause,
    Resume,
}
