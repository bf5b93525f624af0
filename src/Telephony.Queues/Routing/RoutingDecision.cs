namespace Telephony.Queues.Routing;

/// <summary>Whom to offer a caller to now, or why nobody.</summary>
/// <param name="Caller">The caller decided for.</param>
/// <param name="OfferTo">The agents to ring, best first; empty when the caller waits.</param>
/// <param name="Simultaneous">True for ring-all: every agent in <paramref name="OfferTo"/> rings at once; false: only the first rings, the rest are who would come next.</param>
/// <param name="Why">One line for logs, events and <c>queue explain</c>.</param>
public sealed record RoutingDecision(QueueCaller Caller, IReadOnlyList<AgentView> OfferTo, bool Simultaneous, string Why)
{
    /// <summary>The agents that ring now: all for ring-all, else the first.</summary>
    public IReadOnlyList<AgentView> Ringing => Simultaneous ? OfferTo : OfferTo.Take(1).ToList();
}
