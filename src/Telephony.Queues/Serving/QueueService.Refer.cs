using Telephony.Calls;
using Telephony.Calls.Control;
using Telephony.Queues.Routing;

namespace Telephony.Queues.Serving;

/// <summary>
/// Delivery by blind REFER (<c>delivery: refer</c>): the caller's phone is asked to call the
/// agent's registered contact itself (Refer-To), and tells us how that went by NOTIFY sipfrag.
/// </summary>
/// <remarks>
/// Success is the agent answering the referred INVITE (a final 2xx in the NOTIFYs); our leg then
/// ends with cause "transferred". From there the call is between the two phones and its end is
/// not ours to see, so the rule is stated rather than guessed: the agent's "on call" ends at the
/// referral and the queue's wrap-up runs from then (cause "referred"); after it they can be
/// offered the next caller, and a phone still on the referred call answers that offer busy
/// (486: skipped as "rejected"). Nothing waits on an end we cannot observe, so nobody is stuck.
/// A failed REFER (refused, no final NOTIFY within the agent timeout, the referred call failed)
/// frees the agent with that cause and the caller stays in the queue with its original wait.
/// </remarks>
public sealed partial class QueueService
{
    private async Task<CallAttemptResult> ReferAsync(ICall caller, QueueDefinition queue, AgentOffer offer)
    {
        _log?.Invoke($"queue: referring call {caller.CallId} of {queue.Name} to {offer.Agent} at {offer.Contact}");
        CallAttemptResult result;
        try
        {
            result = await caller.TransferAsync(offer.Contact, TransferMode.Blind, queue.AgentTimeout).ConfigureAwait(false);
        }
        catch (CallEndedException)
        {
            _desk.Record(_desk.Book.OfferEnded(offer.Agent, caller.CallId, "caller-gone"));
            throw;
        }

        if (!result.Answered)
        {
            NotTaken(caller, offer, result);
            return result;
        }

        _desk.Record(_desk.Book.Answered(offer.Agent, caller.CallId));
        _log?.Invoke($"queue: call {caller.CallId} of {queue.Name} referred to {offer.Agent}, who answered");
        _desk.Record(_desk.Book.CallEnded(offer.Agent, caller.CallId, queue.WrapUp, "referred"));
        return result;
    }
}
