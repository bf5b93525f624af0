using Telephony.Sip.Messages;
using Telephony.Sip.Transport;

namespace Telephony.Sip.Transactions;

/// <summary>The INVITE server transaction of RFC 3261 §17.2.1 as amended by RFC 6026 §7.1.</summary>
/// <remarks>
/// Proceeding → (3xx–6xx) Completed → (ACK) Confirmed → (Timer I) Terminated;
/// Proceeding → (2xx) Accepted → (Timer L) Terminated. A 2xx is retransmitted by the UAS core,
/// not here (RFC 3261 §13.3.1.4); in Accepted, INVITE retransmissions are absorbed and ACKs go
/// to the dialog. Thread-safe.
/// </remarks>
public sealed class InviteServerTransaction : ServerTransaction
{
    private State _state = State.Proceeding;
    private byte[]? _lastProvisional;
    private byte[]? _finalResponse;
    private TimerHandle? _timerG;
    private TimerHandle? _timerH;
    private TimeSpan _gInterval;

    public InviteServerTransaction(TransactionContext context, string key, SipRequest request, SipSource source)
        : base(context, key, request, source)
    {
    }

    private enum State
    {
        Proceeding,
        Completed,
        Confirmed,
        Accepted,
        Terminated,
    }

    /// <summary>True until a final response has been sent.</summary>
    public bool IsProceeding
    {
        get
        {
            lock (Sync)
            {
                return _state == State.Proceeding;
            }
        }
    }

    public override bool SendResponse(SipResponse response)
    {
        var bytes = SipSerializer.Serialize(response);
        lock (Sync)
        {
            if (_state != State.Proceeding)
            {
                return false;
            }

            if (response.IsProvisional)
            {
                _lastProvisional = bytes;
            }
            else if (response.IsSuccess)
            {
                // RFC 6026 §7.1: Accepted state, Timer L = 64·T1.
                _state = State.Accepted;
                Context.Timers.Schedule(Context.Options.TransactionTimeout, static s => ((InviteServerTransaction)s!).OnTimerL(), this);
            }
            else
            {
                _state = State.Completed;
                _finalResponse = bytes;
                if (!IsReliable)
                {
                    _gInterval = Context.Options.T1;
                    _timerG = Context.Timers.Schedule(_gInterval, static s => ((InviteServerTransaction)s!).OnTimerG(), this);
                }

                _timerH = Context.Timers.Schedule(Context.Options.TransactionTimeout, static s => ((InviteServerTransaction)s!).OnTimerH(), this);
            }
        }

        Context.Stats.ResponseSent(response.StatusCode);
        Transmit(bytes);
        return true;
    }

    internal override void OnRetransmission()
    {
        byte[]? resend;
        lock (Sync)
        {
            // §17.2.1: in Proceeding resend the last provisional, in Completed the final response.
            resend = _state switch
            {
                State.Proceeding => _lastProvisional,
                State.Completed => _finalResponse,
                _ => null,
            };
        }

        Context.Stats.Absorbed();
        if (resend is not null)
        {
            Context.Stats.Retransmitted();
            Transmit(resend);
        }
    }

    /// <summary>An ACK matched this transaction. Returns true when the transaction consumed it.</summary>
    internal bool OnAck()
    {
        lock (Sync)
        {
            switch (_state)
            {
                case State.Completed:
                    // §17.2.1: ACK for a non-2xx final response → Confirmed, Timer I = T4 (0 when reliable).
                    _state = State.Confirmed;
                    _timerG?.Cancel();
                    _timerH?.Cancel();
                    Context.Timers.Schedule(IsReliable ? TimeSpan.Zero : Context.Options.T4, static s => ((InviteServerTransaction)s!).Finish(), this);
                    return true;
                case State.Confirmed:
                    Context.Stats.Absorbed();
                    return true;
                default:
                    // RFC 6026 §7.1: in Accepted the ACK for the 2xx belongs to the dialog.
                    return false;
            }
        }
    }

    private void OnTimerG()
    {
        byte[]? resend;
        lock (Sync)
        {
            if (_state != State.Completed)
            {
                return;
            }

            resend = _finalResponse;
            _gInterval = Context.Options.Backoff(_gInterval);
            _timerG = Context.Timers.Schedule(_gInterval, static s => ((InviteServerTransaction)s!).OnTimerG(), this);
        }

        Context.Stats.Retransmitted();
        Transmit(resend!);
    }

    private void OnTimerH()
    {
        lock (Sync)
        {
            if (_state != State.Completed)
            {
                return;
            }
        }

        // §17.2.1: no ACK within 64·T1; the transaction ends (the peer is gone).
        Context.Stats.AckTimeout();
        Finish();
    }

    private void OnTimerL() => Finish();

    private void Finish()
    {
        lock (Sync)
        {
            _state = State.Terminated;
            _timerG?.Cancel();
        }

        Terminate();
    }
}
