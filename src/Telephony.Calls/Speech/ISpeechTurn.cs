namespace Telephony.Calls.Speech;

/// <summary>
/// One turn of listening to the caller, from the moment it begins (usually with the prompt, so
/// the caller can talk over it) to its result. Begun with <see cref="ICall.BeginSpeechTurn"/>;
/// dispose when done (it detaches from the call's audio).
/// </summary>
public interface ISpeechTurn : IAsyncDisposable
{
    /// <summary>Completes when the caller's speech has lasted the turn's minimum (a barge-in stops a prompt on it).</summary>
    Task SpeechStarted { get; }

    /// <summary>
    /// The turn's answer: waits up to <paramref name="noInputTimeout"/> for speech to start (from
    /// this call, so a prompt's length does not count), then for the utterance to end and be
    /// recognised. A DTMF key first ends it as <see cref="SpeechTurnOutcome.Digit"/>, the key left queued.
    /// </summary>
    Task<SpeechTurnResult> ResultAsync(TimeSpan noInputTimeout);

    /// <summary>
    /// What to do at the caller's first voiced audio, before it counts as speech (<paramref name="onset"/>:
    /// a prompt playing holds still), and when that audio ends too short to count (<paramref name="falseAlarm"/>:
    /// the prompt plays on from where it paused). Both null stops watching. They run on the turn's task.
    /// </summary>
    void WatchOnsets(Action? onset, Action? falseAlarm);
}
