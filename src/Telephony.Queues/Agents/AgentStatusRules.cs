namespace Telephony.Queues.Agents;

/// <summary>How an agent's status follows from their facts at a moment.</summary>
public static class AgentStatusRules
{
    /// <summary>
    /// The status at <paramref name="now"/>. A leg on their phone wins over everything (a pause asked
    /// for during a call takes effect when it ends); then pause, then wrap-up; a logged-in agent with
    /// no registered softphone is offline, because nothing would ring.
    /// </summary>
    public static AgentStatus StatusAt(AgentFacts facts, DateTimeOffset now)
    {
        if (!facts.LoggedIn)
        {
            return AgentStatus.Offline;
        }

        if (facts.Engagement is { } engagement)
        {
            return engagement.Answered ? AgentStatus.OnCall : AgentStatus.Ringing;
        }

        if (facts.PauseReason is not null)
        {
            return AgentStatus.Paused;
        }

        if (facts.WrapUpUntil is { } until && until > now)
        {
            return AgentStatus.WrapUp;
        }

        return facts.Registered ? AgentStatus.Available : AgentStatus.Offline;
    }
}
