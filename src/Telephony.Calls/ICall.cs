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

    /// <summary>Sends 180 Ringing and waits <paramref name="duration"/> (the caller may cancel meanwhile).</summary>
    Task RingAsync(TimeSpan duration);

    /// <summary>Answers (200 OK with our SDP) and waits until media can flow.</summary>
    Task AnswerAsync();

    /// <summary>Plays prompts in order; with <paramref name="interruptible"/>, a DTMF digit stops playback (and stays queued for the next gather).</summary>
    Task PlayAsync(IReadOnlyList<string> prompts, bool interruptible);

    /// <summary>Collects DTMF digits until the terminator, the maximum count or a timeout.</summary>
    Task<string> GatherDigitsAsync(GatherOptions options);

    /// <summary>Ends the call: BYE when answered, a final error response otherwise.</summary>
    Task HangupAsync(string cause = "normal");

    /// <summary>The first value of a header of the INVITE (e.g. X-Customer-Tier); '' when absent.</summary>
    string Header(string name);

    /// <summary>
    /// Blind transfer (REFER, RFC 3515) of an answered call to <paramref name="target"/> (a SIP URI).
    /// True when the target answered within <paramref name="timeout"/>: the call is then over (we
    /// send BYE, cause "transferred"). False when the REFER was refused or the referred call failed;
    /// the call goes on.
    /// </summary>
    Task<bool> TransferAsync(string target, TimeSpan timeout);
}

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
