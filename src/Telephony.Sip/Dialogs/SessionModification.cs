using Telephony.Sip.Messages;

namespace Telephony.Sip.Dialogs;

/// <summary>The call layer's answer to a re-INVITE or UPDATE: a status and, for 200, the SDP to send.</summary>
/// <param name="Status">200 to accept, 488 to refuse the offer (the session stays as it was).</param>
/// <param name="Sdp">Our answer (or our offer, for an offerless re-INVITE).</param>
public sealed record SessionModification(int Status, ReadOnlyMemory<byte> Sdp);

/// <summary>Decides on a mid-call offer (RFC 3261 §14, RFC 3311): hold, resume, codec change, session refresh.</summary>
/// <param name="request">The re-INVITE or UPDATE; its body is the offer, or empty.</param>
public delegate SessionModification SessionModificationHandler(SipRequest request);
