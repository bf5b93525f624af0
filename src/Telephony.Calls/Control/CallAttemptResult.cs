namespace Telephony.Calls.Control;

/// <summary>How an outbound leg's INVITE ended.</summary>
/// <param name="Answered">True when the far end answered (2xx).</param>
/// <param name="SipStatus">The final response: 200, 486, 503, 487 after our CANCEL, 408 when nothing answered.</param>
/// <param name="Cause">answered, busy, rejected, no-answer, unavailable, failed, ...</param>
/// <param name="Reason">The reason phrase or our own description of the failure.</param>
public sealed record CallAttemptResult(bool Answered, int SipStatus, string Cause, string Reason);
