namespace Telephony.Calls.Control;

/// <summary>What the world outside a call (the HTTP API, the CLI, campaigns) may do to calls.</summary>
public interface ICallControl
{
    /// <summary>
    /// Places an outbound call. Returns as soon as the INVITE is on its way; the CDR row exists
    /// from then on. Throws <see cref="ArgumentException"/> for a target that is neither a SIP URI
    /// nor a number, or an unknown trunk or flow.
    /// </summary>
    OriginatedCall Originate(OriginateRequest request);

    /// <summary>Hangs up a live leg (BYE, or CANCEL/final response before the answer). False when no such leg is live.</summary>
    Task<bool> HangupAsync(string callId, string cause = "api");

    /// <summary>Transfers a live, answered leg; null when no such leg is live.</summary>
    Task<CallAttemptResult?> TransferAsync(string callId, string target, TransferMode mode, TimeSpan? timeout = null);
}
