namespace Telephony.Calls.Events;

/// <summary>One thing that happened to a call leg.</summary>
/// <param name="Id">Increasing from 1 for the life of the server (SSE <c>id:</c>); assigned by the sink.</param>
/// <param name="Type">One of <see cref="CallEventType"/>.</param>
/// <param name="CallId">The leg's SIP Call-ID.</param>
/// <param name="At">When it happened.</param>
/// <param name="Data">Event-specific fields (direction, from, to, digit, step, peer_call_id, cause, sip_status ...).</param>
public sealed record CallEvent(long Id, string Type, string CallId, DateTimeOffset At, IReadOnlyDictionary<string, string?> Data);
