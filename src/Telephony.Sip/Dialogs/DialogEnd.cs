namespace Telephony.Sip.Dialogs;

/// <summary>Why a dialog ended.</summary>
public enum DialogEndReason
{
    /// <summary>The peer sent BYE.</summary>
    RemoteBye,

    /// <summary>We sent BYE.</summary>
    LocalBye,

    /// <summary>Our 2xx was never acknowledged (RFC 3261 §13.3.1.4); we sent BYE.</summary>
    AckTimeout,

    /// <summary>The session was not refreshed in time (RFC 4028 §10); we sent BYE.</summary>
    SessionExpired,
}

/// <summary>How a dialog ended; <paramref name="StatusCode"/> is the BYE's final response when we sent it.</summary>
public sealed record DialogEnd(DialogEndReason Reason, int? StatusCode = null);
