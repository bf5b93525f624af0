namespace Telephony.Api.Contracts;

/// <summary>One CDR, with the keys of <c>telephony cdr list --json</c>; a call in progress has cause in-progress and no ended_at or ended_by.</summary>
internal sealed record CdrView(
    string CallId,
    string From,
    string To,
    DateTimeOffset StartedAt,
    DateTimeOffset? AnsweredAt,
    DateTimeOffset? EndedAt,
    string? EndedBy,
    string Cause,
    int? SipStatus,
    string Digits,
    string? Codec,
    double? JitterMs,
    double? LossPct,
    double? Mos,
    long? RtpPackets,
    string? Recording,
    string? Flow,
    string? Direction,
    string? PeerCallId);

internal sealed record CdrList(IReadOnlyList<CdrView> Cdrs, string? NextCursor);
