using Telephony.Calls.Cdr;
using Telephony.Sip.Dialogs;

namespace Telephony.Calls;

/// <summary>Ends that nobody asked for in so many words: media that stops, a missing ACK, a lapsed session timer; and the far end's BYE.</summary>
public sealed partial class Call
{
    /// <summary>The far end's media stopped (a dead phone, a lost NAT binding): end the call with BYE, cause rtp-timeout.</summary>
    private async Task OnRtpTimeout()
    {
        if (!_outcome.TrySet(CallEndedBy.System, CauseFor("rtp-timeout"), _services.Time.GetUtcNow()))
        {
            return;
        }

        _services.CallLog?.Invoke($"call {CallId}: no RTP from the {RemoteParty}; hanging up");
        _rtp.EndPlayback();
        _ended.Cancel();
        if (_dialog is { } dialog)
        {
            await dialog.HangupAsync(DialogEndReason.LocalBye, "RTP;text=\"no media\"");
        }
    }

    private void OnDialogEnded(DialogEnd end)
    {
        switch (end.Reason)
        {
            case DialogEndReason.RemoteBye:
                End(RemoteParty, "BYE", null);
                break;
            case DialogEndReason.AckTimeout:
                End(CallEndedBy.System, "no-ack", null);
                break;
            case DialogEndReason.SessionExpired:
                End(CallEndedBy.System, "session-expired", null);
                break;
        }
    }
}
