namespace Telephony.Calls;

/// <summary>Call control by REFER and access to the INVITE's headers, apart from the media code in Call.cs.</summary>
public sealed partial class Call
{
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
}
