namespace Telephony.Api.Metrics;

/// <summary>What the SIP stack counted since start.</summary>
/// <param name="RequestsByMethod">Requests received, by method (INVITE, BYE, ...).</param>
/// <param name="ResponsesByCode">Responses received and sent, by status code.</param>
/// <param name="Retransmissions">Retransmissions sent (timers A, E, G and 2xx) and absorbed.</param>
public sealed record SipCounters(IReadOnlyDictionary<string, long> RequestsByMethod, IReadOnlyDictionary<int, long> ResponsesByCode, long Retransmissions);
