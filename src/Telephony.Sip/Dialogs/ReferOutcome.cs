namespace Telephony.Sip.Dialogs;

/// <summary>How a REFER ended (RFC 3515).</summary>
/// <param name="ReferStatus">The response to the REFER itself (202 when accepted), or 0 if none came.</param>
/// <param name="FinalStatus">The status of the referred call from the last sipfrag NOTIFY, or null when it never reported one.</param>
public sealed record ReferOutcome(int ReferStatus, int? FinalStatus)
{
    /// <summary>The transfer target answered (the referred INVITE got a 2xx).</summary>
    public bool Succeeded => FinalStatus is >= 200 and < 300;
}
