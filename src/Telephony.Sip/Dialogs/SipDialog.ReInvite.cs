using Telephony.Sip.Headers;
using Telephony.Sip.Messages;
using Telephony.Sip.Transactions;

namespace Telephony.Sip.Dialogs;

/// <summary>Our own re-INVITE in the dialog (RFC 3261 §14.1): a new offer (hold, resume), answered in the 2xx, which we ACK.</summary>
public sealed partial class SipDialog
{
    private int _reInviting;

    /// <summary>
    /// Sends a re-INVITE carrying <paramref name="sdp"/> and ACKs its 2xx (again for each
    /// retransmission). Returns the final response: the 2xx with the peer's answer, a refusal (the
    /// session stays as it was, §14.1), or null when the peer did not answer or the dialog ended.
    /// One at a time: a second call while one is pending returns null without sending (§14.1 forbids
    /// overlapping offers).
    /// </summary>
    public async Task<SipResponse?> ReInviteAsync(ReadOnlyMemory<byte> sdp)
    {
        if (IsEnded || Interlocked.CompareExchange(ref _reInviting, 1, 0) != 0)
        {
            return null;
        }

        try
        {
            var invite = CreateRequest("INVITE");
            invite.Headers.Add(HeaderNames.Contact, LocalContact);
            invite.Headers.Add(HeaderNames.Allow, UasPolicy.AllowedMethods);
            invite.Headers.Add(HeaderNames.ContentType, "application/sdp");
            invite.Body = sdp;
            var final = new TaskCompletionSource<SipResponse?>(TaskCreationOptions.RunContinuationsAsynchronously);
            var destination = Destination();
            byte[]? ack = null;
            void OnResponse(SipResponse? response)
            {
                if (response is { IsProvisional: true })
                {
                    return;
                }

                if (response is { IsSuccess: true })
                {
                    // §13.2.2.4: the 2xx is ACKed end to end by the dialog, with the INVITE's CSeq number.
                    ack ??= BuildAck(invite);
                    Source.Sender.Send(ack, destination);
                }

                final.TrySetResult(response);
            }

            var tx = new InviteClientTransaction(_stack.Context, TransactionKeys.ForClient(invite.TopVia!.Branch!, "INVITE"), invite, Source.Sender, destination, OnResponse);
            _stack.Transactions.Add(tx);
            tx.Start();
            return await Task.WhenAny(final.Task, Ended).ConfigureAwait(false) == final.Task ? final.Task.Result : null;
        }
        finally
        {
            Interlocked.Exchange(ref _reInviting, 0);
        }
    }

    private byte[] BuildAck(SipRequest invite)
    {
        var ack = CreateRequest("ACK");
        ack.Headers.Set(HeaderNames.CSeq, $"{invite.CSeq!.Value.Number} ACK");
        return SipSerializer.Serialize(ack);
    }
}
