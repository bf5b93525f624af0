namespace Telephony.Calls;

/// <summary>What dialplans need of a call beyond media: REFER, the INVITE's headers, the flow's outcome in the CDR.</summary>
public sealed partial class Call
{
    /// <summary>What the dialplan did on this call, for the CDR (set by the server when the flow ends).</summary>
    public string? FlowOutcome { get; set; }

    public string Header(string name) => _incoming.Invite.Headers.Get(name)?.Trim() ?? string.Empty;

    public async Task<bool> TransferAsync(string target, TimeSpan timeout)
    {
        ThrowIfEnded();

        // REFER needs a dialog: an unanswered call has nothing to refer.
        if (_dialog is not { } dialog)
        {
            _services.CallLog?.Invoke($"call {CallId}: transfer to {target} refused: the call is not answered");
            return false;
        }

        var outcome = await dialog.ReferAsync(target, referredBy: To, timeout: timeout);
        _services.CallLog?.Invoke($"call {CallId}: REFER to {target}: {outcome.ReferStatus}, referred call {outcome.FinalStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no result"}");
        if (!outcome.Succeeded)
        {
            ThrowIfEnded();
            return false;
        }

        // The caller now talks to the target; our leg is done (RFC 5589 §6: the transferor hangs up).
        await HangupAsync("transferred");
        return true;
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
