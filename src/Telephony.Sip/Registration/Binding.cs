using System.Net;
using Telephony.Sip.Transport;

namespace Telephony.Sip.Registration;

/// <summary>One registered contact of a user (RFC 3261 §10.3), with where its REGISTER came from.</summary>
/// <param name="User">The address-of-record's user part (our SIP user name).</param>
/// <param name="Contact">The Contact URI to send requests to.</param>
/// <param name="ExpiresAt">When the binding lapses unless refreshed.</param>
/// <param name="CallId">Call-ID of the REGISTER that made it, for ordering refreshes.</param>
/// <param name="CSeq">CSeq of that REGISTER.</param>
/// <param name="Source">The address the REGISTER came from (the reachable one behind NAT).</param>
/// <param name="Sender">The transport or connection it came through.</param>
public sealed record Binding(string User, string Contact, DateTimeOffset ExpiresAt, string CallId, long CSeq, IPEndPoint Source, ISipSender Sender);
