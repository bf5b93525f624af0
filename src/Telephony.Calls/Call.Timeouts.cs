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

    /// <summary>
    /// The dialog's end is decided under the call: the far end's BYE, or our BYE for a missing ACK
    /// or a lapsed session timer. Recorded at once, not when that BYE's transaction completes
    /// (64·T1 later for a peer that never answers it): the flow stops now and says why.
    /// </summary>
    private void OnDialogEnding(DialogEndReason reason)
    {
        switch (reason)
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
