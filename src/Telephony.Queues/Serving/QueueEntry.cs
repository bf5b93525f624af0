using Telephony.Calls;
using Telephony.Queues.Routing;

namespace Telephony.Queues.Serving;

/// <summary>
/// One caller waiting in a queue: the routing view of them, the agents who let their offer go,
/// and the hand-over of an offer from the dispatcher to the caller's own task. Guarded by the
/// service's lock (every member but <see cref="NextOfferAsync"/> is called under it).
/// </summary>
internal sealed class QueueEntry(ICall call, QueueCaller caller)
{
    private readonly HashSet<string> _declined = new(StringComparer.Ordinal);
    private TaskCompletionSource<AgentOffer> _offer = NewOffer();

    public ICall Call { get; } = call;

    /// <summary>As routing sees the caller now (with the agents already tried).</summary>
    public QueueCaller Caller => caller with { Declined = new HashSet<string>(_declined, StringComparer.Ordinal) };

    /// <summary>True from the dispatcher's choice until the offer's outcome: the caller is not planned again meanwhile.</summary>
    public bool Offering { get; private set; }

    /// <summary>An offer made and not yet taken by the caller's task (the caller left in between).</summary>
    public AgentOffer? Unclaimed => Offering && _offer.Task.IsCompletedSuccessfully && !Claimed ? _offer.Task.Result : null;

    public bool Claimed { get; private set; }

    public void Assign(AgentOffer offer)
    {
        Offering = true;
        Claimed = false;
        _offer.TrySetResult(offer);
    }

    /// <summary>The offer's outcome is known: the caller can be planned again (without this agent, when they let it go).</summary>
    public void OfferOver(string agent, bool declined)
    {
        if (declined)
        {
            _declined.Add(agent);
        }

        Offering = false;
        _offer = NewOffer();
    }

    public void Claim() => Claimed = true;

    /// <summary>The next offer for this caller (the caller's task waits here).</summary>
    public Task<AgentOffer> NextOfferAsync(CancellationToken cancel) => _offer.Task.WaitAsync(cancel);

    private static TaskCompletionSource<AgentOffer> NewOffer() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>An agent chosen for a caller, and where their softphone answers.</summary>
internal sealed record AgentOffer(string Agent, string Contact);
