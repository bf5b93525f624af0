namespace Telephony.Calls.Outbound;

/// <summary>The CDR cause of a final response to our INVITE (or REFER's referred call).</summary>
internal static class SipCauses
{
    public static string Of(int status) => status switch
    {
        >= 200 and < 300 => "answered",
        486 or 600 => "busy",
        603 or 403 => "rejected",
        408 or 487 => "no-answer",
        404 or 484 or 604 => "not-found",
        480 or 503 or 502 or 504 => "unavailable",
        0 => "failed",
        _ => "failed",
    };
}
