namespace Telephony.Calls.Control;

/// <summary>What one live call leg looks like right now (for the API, the CLI and supervisors).</summary>
/// <param name="CallId">The leg's SIP Call-ID.</param>
/// <param name="Direction">Inbound or outbound.</param>
/// <param name="State">Setup, ringing, answered, bridged.</param>
/// <param name="From">The calling party's URI.</param>
/// <param name="To">The called party's URI.</param>
/// <param name="StartedAt">When the INVITE arrived or was sent.</param>
/// <param name="AnsweredAt">When the leg was answered, if it was.</param>
/// <param name="Codec">The negotiated codec (PCMU, PCMA, G722), once known.</param>
/// <param name="Flow">The dialplan flow running on the leg (dialplan/flow), if any.</param>
/// <param name="Step">The step the flow is in, if any.</param>
/// <param name="PeerCallId">The Call-ID of the other leg while bridged, else null.</param>
/// <param name="Trunk">The trunk an outbound leg went through, if any.</param>
/// <param name="Quality">Receive quality so far; null before any audio arrived.</param>
public sealed record CallSnapshot(
    string CallId,
    CallDirection Direction,
    CallState State,
    string From,
    string To,
    DateTimeOffset StartedAt,
    DateTimeOffset? AnsweredAt,
    string? Codec,
    string? Flow,
    string? Step,
    string? PeerCallId,
    string? Trunk,
    Cdr.CallQuality? Quality);
