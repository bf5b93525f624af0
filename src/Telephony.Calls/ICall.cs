using Telephony.Calls.Playback;

namespace Telephony.Calls;

/// <summary>
/// What a flow (the demo flow now, dialplans later) can do with one call. Every method is
/// async, returns when the action is done, and throws <see cref="CallEndedException"/> once the
/// call is over.
/// </summary>
public interface ICall
{
    string CallId { get; }

    /// <summary>The caller's URI (From).</summary>
    string From { get; }

    /// <summary>The called URI (To).</summary>
    string To { get; }

    /// <summary>Signalled when the call ends for any reason (caller BYE, CANCEL, our hangup).</summary>
    CancellationToken Ended { get; }

    /// <summary>
    /// Who ended the call and why (the CDR's ended_by and cause), from the moment the end is
    /// decided: a shutdown or an API hang-up is known here before <see cref="Ended"/> fires (that
    /// waits for the BYE's answer). Null while the call goes on, and on calls that cannot say.
    /// </summary>
    CallEnd? HowEnded => null;

    /// <summary>Sends 180 Ringing and waits <paramref name="duration"/> (the caller may cancel meanwhile).</summary>
    Task RingAsync(TimeSpan duration);

    /// <summary>Answers (200 OK with our SDP) and waits until media can flow.</summary>
    Task AnswerAsync();

    /// <summary>Plays prompts in order; with <paramref name="interruptible"/>, a DTMF digit stops playback (and stays queued for the next gather).</summary>
    Task PlayAsync(IReadOnlyList<string> prompts, bool interruptible);

    /// <summary>
    /// Plays prompts, tones and silence in order, without gaps, in place of anything still playing.
    /// Returns how each item ended and how much of it was heard. With <paramref name="interruptible"/>,
    /// a DTMF digit stops the list (and stays queued for the next gather). Missing prompts are
    /// skipped. If the call ends while the list plays, the result says so (<see cref="PlayOutcome.CallEnded"/>);
    /// the next call to any method throws.
    /// </summary>
    Task<PlayListResult> PlayListAsync(IReadOnlyList<PlayListItem> items, bool interruptible = false);

    /// <summary>
    /// Plays like <see cref="PlayListAsync(IReadOnlyList{PlayListItem}, bool)"/>; with an interruptible
    /// list and a <paramref name="bargeIn"/> turn, the caller's speech (once it has lasted the turn's
    /// minimum) stops the list too, from the next packet, and is heard by the turn.
    /// </summary>
    Task<PlayListResult> PlayListAsync(IReadOnlyList<PlayListItem> items, bool interruptible, Speech.ISpeechTurn? bargeIn) =>
        PlayListAsync(items, interruptible);

    /// <summary>
    /// Starts listening to the caller for one turn (begin it before the prompt so the caller can
    /// talk over it). Null when the call has no speech engines or none for this input.
    /// </summary>
    Speech.ISpeechTurn? BeginSpeechTurn(Speech.SpeechTurnOptions options) => null;

    /// <summary>
    /// Records the caller (voicemail): the beep when asked, then the caller's audio alone into a
    /// 16-bit mono 8 kHz WAV until a stop key, the silence after speech, the maximum length (bounded
    /// by the server's cap) or the call's end. Nothing said: no file, and the result's path is ''.
    /// Null when this call cannot record (no recordings folder, or a call type without a recorder).
    /// </summary>
    Task<Recording.RecordingResult?> RecordAsync(Recording.RecordingOptions options) => Task.FromResult<Recording.RecordingResult?>(null);

    /// <summary>
    /// The flow has decided what the last speech turn's answer means (a menu chose its branch or
    /// found no choice, a gather judged the input): the turn's record gets the time, the next
    /// prompt's first packet after it ends the turn's latency breakdown. Does nothing without one.
    /// </summary>
    void SpeechTurnDecided()
    {
    }

    /// <summary>
    /// Plays a call-progress tone from the server's tone plan: the beep once, the others for
    /// <paramref name="duration"/> or, when null, until <see cref="StopPlayback"/> or a new play.
    /// </summary>
    Task<PlayListResult> PlayToneAsync(CallTone tone, TimeSpan? duration = null);

    /// <summary>Sends silence for <paramref name="duration"/> (a pause between prompts the caller can hear as one).</summary>
    Task<PlayListResult> PlaySilenceAsync(TimeSpan duration);

    /// <summary>
    /// Sends DTMF keys to the caller (0-9 * # A-D): RFC 4733 telephone-events when the caller's SDP
    /// offered them, otherwise the keys' tones in the audio. Each key lasts
    /// <paramref name="toneLength"/> (default 100 ms) followed by as much silence. Playback holds its
    /// place meanwhile. Completes when the last key is sent.
    /// </summary>
    /// <exception cref="ArgumentException">A character is not a DTMF key.</exception>
    Task SendDigitsAsync(string digits, TimeSpan? toneLength = null);

    /// <summary>Pauses playback from the next packet time: nothing is sent until <see cref="ResumePlayback"/>. False when nothing is playing.</summary>
    bool PausePlayback();

    /// <summary>Resumes paused playback where it stopped, from the next packet time. False when it was not paused.</summary>
    bool ResumePlayback();

    /// <summary>Stops playback from the next packet time: the playing list's current item ends as stopped.</summary>
    void StopPlayback();

    /// <summary>Collects DTMF digits until the terminator, the maximum count or a timeout.</summary>
    Task<string> GatherDigitsAsync(GatherOptions options);

    /// <summary>Ends the call: BYE when answered, a final error response otherwise.</summary>
    Task HangupAsync(string cause = "normal");

    /// <summary>The first value of a header of the INVITE (e.g. X-Customer-Tier); '' when absent.</summary>
    string Header(string name);

    /// <summary>
    /// Transfers an answered call to <paramref name="target"/> (a SIP URI, or a number dialled
    /// through the trunks). <see cref="Control.TransferMode.Bridge"/>: we dial the target while the
    /// caller hears ringback; when it answers the legs are bridged (media relayed, a BYE on either
    /// ends both) and the flow is done with the call. <see cref="Control.TransferMode.Blind"/>: REFER
    /// (RFC 3515), and when the target answers our leg ends (cause "transferred"). The result says
    /// whether the target answered, with its SIP status; when it did not (busy, refused, no answer
    /// within <paramref name="timeout"/>) the call goes on with the flow.
    /// </summary>
    /// <param name="callerId">The identity presented to the target (bridge only); null for the caller's.</param>
    Task<Control.CallAttemptResult> TransferAsync(string target, Control.TransferMode mode, TimeSpan timeout, string? callerId = null);

    /// <summary>
    /// As <see cref="TransferAsync(string, Control.TransferMode, TimeSpan, string?)"/>, with extra
    /// headers on the INVITE to the target (bridge mode). A call that places no INVITE of its own
    /// (a simulation, a test double) transfers without them.
    /// </summary>
    Task<Control.CallAttemptResult> TransferAsync(string target, Control.TransferMode mode, TimeSpan timeout, Control.TransferOptions options) =>
        TransferAsync(target, mode, timeout, options?.CallerId);
}

/// <summary>How a call ended, decided once (see <see cref="ICall.HowEnded"/>).</summary>
/// <param name="EndedBy">caller, callee, server or system (<see cref="Cdr.CallEndedBy"/>).</param>
/// <param name="Cause">The CDR cause: BYE, CANCEL, normal, shutdown, rtp-timeout, ...</param>
public sealed record CallEnd(string EndedBy, string Cause);

/// <summary>Rules for collecting digits.</summary>
/// <param name="MaxDigits">Stop after this many digits.</param>
/// <param name="Terminator">Digit that ends input (not included in the result); null for none.</param>
/// <param name="FirstDigitTimeout">How long to wait for the first digit.</param>
/// <param name="InterDigitTimeout">How long to wait for each further digit.</param>
public sealed record GatherOptions(int MaxDigits, char? Terminator, TimeSpan FirstDigitTimeout, TimeSpan InterDigitTimeout);

/// <summary>Thrown by <see cref="ICall"/> methods once the call has ended.</summary>
public sealed class CallEndedException : Exception
{
    public CallEndedException()
        : base("The call has ended.")
    {
    }

    public CallEndedException(string message)
        : base(message)
    {
    }

    public CallEndedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
