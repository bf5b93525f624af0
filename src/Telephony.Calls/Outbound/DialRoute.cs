using Telephony.Sip.Dialogs;

namespace Telephony.Calls.Outbound;

/// <summary>One way to reach a destination: what the INVITE says and where it goes first.</summary>
/// <param name="Trunk">The trunk's name; null for a SIP URI dialled directly.</param>
/// <param name="RequestUri">The INVITE's Request-URI (sip:+15551234567@carrier.example).</param>
/// <param name="To">The To URI (usually the Request-URI).</param>
/// <param name="NextHop">A SIP URI whose host, port and transport say where to send the INVITE (RFC 3263 locates it): the trunk, its outbound proxy, or the target itself.</param>
/// <param name="FromHost">The host part of our From URI when the caller identity is a bare number.</param>
/// <param name="Credentials">Digest credentials for the trunk's challenge.</param>
/// <param name="OutboundProxy">A proxy URI put as pre-loaded Route, when the trunk has one.</param>
public sealed record DialRoute(
    string? Trunk,
    string RequestUri,
    string To,
    string NextHop,
    string FromHost,
    SipCredentials? Credentials = null,
    string? OutboundProxy = null);
