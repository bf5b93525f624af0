namespace Telephony.Calls.Cdr;

/// <summary>Who ended a call.</summary>
public static class CallEndedBy
{
    public const string Caller = "caller";
    public const string Server = "server";

    /// <summary>The called party of an outbound leg (its BYE, or its refusal of our INVITE).</summary>
    public const string Callee = "callee";

    /// <summary>Neither party chose to: a protocol timeout, a failure, shutdown.</summary>
    public const string System = "system";
}

/// <summary>One call leg's record: opened when the leg starts (cause in-progress: before an outbound leg's INVITE, before an inbound call's answer), updated when answered, completed when it ends.</summary>
/// <param name="CallId">SIP Call-ID of the call.</param>
/// <param name="From">The caller (From header, as received).</param>
/// <param name="To">The called party (To header without our tag, as received).</param>
/// <param name="StartedAt">When the INVITE arrived.</param>
/// <param name="AnsweredAt">When we sent 200 OK, if we did.</param>
/// <param name="EndedAt">When the call ended.</param>
/// <param name="EndedBy">caller, server or system (<see cref="CallEndedBy"/>).</param>
/// <param name="Cause">Why: "BYE", "CANCEL", "normal", "no-ack", "no-common-codec", ...</param>
/// <param name="SipStatus">The final response we sent to the INVITE (200, 487, 488, ...), if any.</param>
/// <param name="Digits">DTMF digits the caller entered (without the terminating #).</param>
/// <param name="Codec">The negotiated audio codec, if media was set up.</param>
/// <param name="Recording">The call's recording (stereo WAV, caller left), if it was recorded.</param>
/// <param name="Flow">What the dialplan did: dialplan/flow, then how it ended and at which step (<c>bank/main: hangup normal at banking/goodbye</c>); null for the built-in demo flow.</param>
/// <param name="Quality">What the caller's audio was like as we received it (RFC 3550 jitter, loss, E-model MOS), if any arrived.</param>
/// <param name="Direction">Inbound (a party called us) or outbound (we called: an originated call, the target leg of a bridged transfer).</param>
/// <param name="PeerCallId">The Call-ID of the other leg when this one was bridged to it, else null.</param>
public sealed record CallDetailRecord(
    string CallId,
    string From,
    string To,
    DateTimeOffset StartedAt,
    DateTimeOffset? AnsweredAt,
    DateTimeOffset EndedAt,
    string EndedBy,
    string Cause,
    int? SipStatus,
    string Digits,
    string? Codec,
    CallQuality? Quality = null,
    string? Recording = null,
    string? Flow = null,
    Control.CallDirection Direction = Control.CallDirection.Inbound,
    string? PeerCallId = null)
{
    /// <summary>The cause of a leg still in progress: its row is open, <see cref="EndedAt"/> is only when it was last written and <see cref="EndedBy"/> means nothing yet.</summary>
    public const string InProgress = "in-progress";

    /// <summary>The leg has not ended (as far as the record knows).</summary>
    public bool IsInProgress => Cause == InProgress;
}

/// <summary>Receive-side quality of a call's audio, stored with its CDR.</summary>
/// <param name="JitterMs">RFC 3550 interarrival jitter at the end of the call.</param>
/// <param name="LossPercent">Packets lost of those expected.</param>
/// <param name="Mos">E-model (ITU-T G.107) estimate, 1 to 4.5.</param>
/// <param name="PacketsReceived">Audio packets received.</param>
public sealed record CallQuality(double JitterMs, double LossPercent, double Mos, long PacketsReceived);
