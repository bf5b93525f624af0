using Telephony.Sip.Messages;
using Telephony.Sip.Transport;

namespace Telephony.Sip.Transactions;

/// <summary>The non-INVITE server transaction of RFC 3261 §17.2.2 (BYE, OPTIONS, CANCEL, ...).</summary>
/// <remarks>Trying → (1xx) Proceeding → (final) Completed → (Timer J, 0 when reliable) Terminated. Thread-safe.</remarks>
public sealed class NonInviteServerTransaction : ServerTransaction
{
    private State _state = State.Trying;
    private byte[]? _lastResponse;

    public NonInviteServerTransaction(TransactionContext context, string key, SipRequest request, SipSource source)
        : base(context, key, request, source)
    {
    }

    private enum State
    {
        Trying,
        Proceeding,
        Completed,
    }

    public override bool SendResponse(SipResponse response)
    {
        var bytes = SipSerializer.Serialize(response);
        lock (Sync)
        {
            if (_state == State.Completed)
            {
                return false;
            }

            _lastResponse = bytes;
            if (response.IsProvisional)
            {
                _state = State.Proceeding;
            }
            else
            {
                _state = State.Completed;
                Context.Timers.Schedule(IsReliable ? TimeSpan.Zero : Context.Options.TransactionTimeout, static s => ((NonInviteServerTransaction)s!).Terminate(), this);
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
            // §17.2.2: Trying absorbs; Proceeding and Completed resend the last response.
            resend = _state == State.Trying ? null : _lastResponse;
        }

        Context.Stats.Absorbed();
        if (resend is not null)
        {
            Context.Stats.Retransmitted();
            Transmit(resend);
        }
    }
}
