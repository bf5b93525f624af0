namespace Telephony.Queues.Stats;

/// <summary>
/// Erlang C: how likely a caller waits, and the service level, for <c>N</c> agents offered
/// <c>A</c> Erlangs of traffic (arrival rate × average handle time), callers waiting as long as
/// it takes. Used for "agents needed now": the fewest agents whose service level meets the target.
/// </summary>
public static class ErlangC
{
    /// <summary>The probability that a caller has to wait (P(W &gt; 0)); 1 when the agents cannot keep up (N ≤ A).</summary>
    public static double WaitProbability(int agents, double erlangs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(agents);
        ArgumentOutOfRangeException.ThrowIfNegative(erlangs);
        if (erlangs == 0)
        {
            return 0;
        }

        if (agents <= erlangs)
        {
            return 1;
        }

        // Erlang B by its recursion (no factorials, no overflow at hundreds of agents), then C from B.
        var b = 1.0;
        for (var k = 1; k <= agents; k++)
        {
            b = erlangs * b / (k + (erlangs * b));
        }

        return agents * b / (agents - (erlangs * (1 - b)));
    }

    /// <summary>The share of callers answered within <paramref name="within"/>: 1 − C · e^(−(N − A) · t / AHT).</summary>
    public static double ServiceLevel(int agents, double erlangs, double handleSeconds, double within)
    {
        if (erlangs == 0)
        {
            return 1;
        }

        if (agents <= erlangs)
        {
            return 0;
        }

        return 1 - (WaitProbability(agents, erlangs) * Math.Exp(-(agents - erlangs) * within / handleSeconds));
    }

    /// <summary>The fewest agents that answer <paramref name="target"/> of callers within <paramref name="within"/> seconds.</summary>
    /// <param name="arrivalsPerSecond">The current arrival rate.</param>
    /// <param name="handleSeconds">The average handle time (talk and wrap-up).</param>
    public static int AgentsNeeded(double arrivalsPerSecond, double handleSeconds, double target, double within)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(arrivalsPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(handleSeconds);
        var erlangs = arrivalsPerSecond * handleSeconds;
        if (erlangs == 0)
        {
            return 0;
        }

        var agents = (int)Math.Floor(erlangs) + 1;
        while (ServiceLevel(agents, erlangs, handleSeconds, within) < target)
        {
            agents++;
        }

        return agents;
    }
}
