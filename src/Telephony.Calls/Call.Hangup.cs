using Telephony.Calls.Cdr;
using Telephony.Sip.Dialogs;

namespace Telephony.Calls;

/// <summary>Ending a leg: BYE when answered, a final response (inbound) or CANCEL (outbound) before.</summary>
public sealed partial class Call
{
    /// <summary>
    /// The flow's hang-up. While the leg is bridged the bridge owns it, and a flow that ran to its
    /// end does not cut the bridge: the call ends when a party hangs up.
    /// </summary>
    public async Task HangupAsync(string cause = "normal")
    {
        if (_bridge is not null && !_ended.IsCancellationRequested)
        {
            _services.CallLog?.Invoke($"call {CallId}: hangup ({cause}) left to the bridge");
            return;
        }

        await EndAsync(CallEndedBy.Server, cause);
    }

    /// <summary>Ends the leg whatever runs on it (the API, shutdown, the bridge, the CDR on dispose).</summary>
    internal async Task EndAsync(string endedBy, string cause)
    {
        if (!_outcome.TrySet(endedBy, CauseFor(cause), _services.Time.GetUtcNow()))
        {
            return;
        }

        _rtp.EndPlayback();
        if (_dialog is { } dialog)
        {
            await dialog.HangupAsync(DialogEndReason.LocalBye);
        }
        else if (RejectStatus(cause) is var (status, reason) && _signalling.Reject(status, reason) && Direction == Control.CallDirection.Inbound)
        {
            _sipStatus = status;
        }

        await _ended.CancelAsync();
    }

    /// <summary>The final response that refuses an unanswered call for a hangup cause (docs/dialplan.md, hangup); 480 for any other.</summary>
    internal static (int Status, string Reason) RejectStatus(string cause) => cause switch
    {
        "busy" => (486, "Busy Here"),
        "rejected" => (603, "Decline"),
        "not-found" or "no-route" => (404, "Not Found"),
        "error" => (500, "Server Internal Error"),
        _ => (480, "Temporarily Unavailable"),
    };
}
