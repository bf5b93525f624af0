namespace Telephony.Calls.Control;

/// <summary>An outbound call to place.</summary>
/// <param name="To">A SIP URI (sip:agent@10.0.0.5:5070) or a number (+15551234567) dialled through the trunks.</param>
/// <param name="From">Our calling identity: a number or URI; null for the server's default.</param>
/// <param name="Trunk">Force this trunk (by name); null lets the trunk list choose (with failover).</param>
/// <param name="Flow">The dialplan flow to run when answered (<c>dialplan/flow</c> or <c>flow</c>); null routes as an inbound call would.</param>
/// <param name="Variables">Flow variables set before the flow starts.</param>
/// <param name="RingTimeout">Give up (CANCEL, cause no-answer) when not answered within this; null for the default (60 s).</param>
public sealed record OriginateRequest(
    string To,
    string? From = null,
    string? Trunk = null,
    string? Flow = null,
    IReadOnlyDictionary<string, string>? Variables = null,
    TimeSpan? RingTimeout = null);
