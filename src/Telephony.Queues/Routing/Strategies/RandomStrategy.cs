namespace Telephony.Queues.Routing.Strategies;

/// <summary>
/// A shuffle of the candidates taken in configuration order, drawn from the router's seeded
/// <see cref="Random"/>: spread over time, yet the same seed gives the same choices.
/// </summary>
internal sealed class RandomStrategy : IRoutingStrategy
{
    public IReadOnlyList<AgentView> Order(IReadOnlyList<AgentView> candidates, RoutingContext context)
    {
        var shuffled = candidates.OrderBy(a => a.ConfigOrder).ToArray();
        for (var i = shuffled.Length - 1; i > 0; i--)
        {
            var j = context.Random.Next(i + 1);
            (shuffled[i], shuffled[j]) = (shuffled[j], shuffled[i]);
        }

        return shuffled;
    }
}
