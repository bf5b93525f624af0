namespace Telephony.Api.Contracts;

// The wire shapes of /calls (snake_case by the serializer's naming policy). Internal: the contract
// is the JSON, documented in docs/api.md and /openapi.json, not these types.

/// <summary>A live leg, or an ended leg's CDR view (then <c>state</c> is ended and the ended_* members are set).</summary>
internal sealed record CallView(
    string Id,
    string? Direction,
    string State,
    string From,
    string To,
    DateTimeOffset StartedAt,
    DateTimeOffset? AnsweredAt,
    string? Codec,
    string? Flow,
    string? Step,
    string? PeerCallId,
    string? Trunk,
    QualityView? Quality,
    IReadOnlyList<string> Legs,
    DateTimeOffset? EndedAt = null,
    string? Cause = null,
    int? SipStatus = null,
    string? EndedBy = null,
    IReadOnlyList<TranscriptView>? Transcripts = null);

/// <summary>
/// One speech turn of a call as stored (<c>transcripts</c> table): what was recognised, how sure the
/// engine was, and the turn's latency breakdown (times are null where the turn never got there).
/// </summary>
internal sealed record TranscriptView(
    int Turn,
    string Outcome,
    string Text,
    double Confidence,
    string Engine,
    string Language,
    DateTimeOffset? SpeechStartedAt,
    DateTimeOffset? SpeechEndedAt,
    DateTimeOffset? VadEndedAt,
    DateTimeOffset? RecognizedAt,
    DateTimeOffset? DecidedAt,
    DateTimeOffset? ReplyStartedAt,
    double SpeechMs,
    double RecognitionMs);

internal sealed record QualityView(double JitterMs, double LossPct, double Mos, long RtpPackets);

internal sealed record CallList(IReadOnlyList<CallView> Calls, int Count);

/// <summary>The body of POST /calls; every member is checked by hand so errors name it.</summary>
internal sealed record OriginateBody(string? To, string? From, string? Trunk, string? Flow, Dictionary<string, string>? Variables, int? Timeout);

internal sealed record OriginateAccepted(string Id, string State, string Location);

internal sealed record HangupAccepted(string Id, string State);

internal sealed record TransferBody(string? Target, string? Mode, int? Timeout);

internal sealed record TransferOutcome(string Id, bool Answered, int SipStatus, string Cause);
