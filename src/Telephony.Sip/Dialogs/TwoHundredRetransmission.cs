using System.Net;
using Telephony.Sip.Transactions;

namespace Telephony.Sip.Dialogs;

/// <summary>
/// Retransmits a 2xx to INVITE until its ACK arrives (RFC 3261 §13.3.1.4): T1 doubling to T2 over
/// UDP; after 64·T1 without an ACK the dialog is ended with BYE. Two entries in the stack's timer
/// queue per answered call, no timer object of its own.
/// </summary>
/// <remarks>
/// Stops as soon as the dialog's end is decided (<see cref="SipDialog.IsEnding"/>), not when the
/// BYE's transaction completes: a peer that never answers our BYE would otherwise get the 2xx
/// every T2 for another 64·T1 on top of the BYE's own retransmissions (docs/security.md).
/// </remarks>
internal sealed class TwoHundredRetransmission
{
    private readonly TimerQueue _timers;
    private readonly SipStackOptions _options;
    private readonly SipStats _stats;
    private readonly SipDialog _dialog;
    private readonly byte[] _response;
    private readonly IPEndPoint _target;
    private readonly Func<bool> _acked;
    private TimeSpan _interval;

    private TwoHundredRetransmission(TimerQueue timers, SipStackOptions options, SipStats stats, SipDialog dialog, byte[] response, IPEndPoint target, Func<bool> acked)
    {
        _timers = timers;
        _options = options;
        _stats = stats;
        _dialog = dialog;
        _response = response;
        _target = target;
        _acked = acked;
        _interval = options.Timers.T1;
    }

    public static void Start(TimerQueue timers, SipStackOptions options, SipStats stats, SipDialog dialog, byte[] response, IPEndPoint target, Func<bool> acked)
    {
        var state = new TwoHundredRetransmission(timers, options, stats, dialog, response, target, acked);
        if (!dialog.Source.IsReliable)
        {
            timers.Schedule(state._interval, static s => ((TwoHundredRetransmission)s!).Resend(), state);
        }

        timers.Schedule(options.Timers.TransactionTimeout, static s => ((TwoHundredRetransmission)s!).GiveUp(), state);
    }

    private void Resend()
    {
        if (_acked() || _dialog.IsEnding)
        {
            return;
        }

        _stats.Retransmitted();
        _dialog.Source.Sender.Send(_response, _target);
        _interval = _options.Timers.Backoff(_interval);
        _timers.Schedule(_interval, static s => ((TwoHundredRetransmission)s!).Resend(), this);
    }

    private void GiveUp()
    {
        if (_acked() || _dialog.IsEnding)
        {
            return;
        }

        _stats.AckTimeout();
        _options.Log?.Invoke($"no ACK for 200 OK of {_dialog.CallId}; ending the dialog");
        _ = _dialog.HangupAsync(DialogEndReason.AckTimeout);
    }
}
