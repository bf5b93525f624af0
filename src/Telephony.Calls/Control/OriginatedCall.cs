namespace Telephony.Calls.Control;

/// <summary>A placed call: its Call-ID at once (for 202 Accepted), and how the attempt ends.</summary>
/// <param name="CallId">The outbound leg's SIP Call-ID, also its id in the registry, events and CDR.</param>
/// <param name="Result">Completes when the leg is answered or has failed.</param>
public sealed record OriginatedCall(string CallId, Task<CallAttemptResult> Result);
