using System.Globalization;
using Telephony.Queues.Agents;

namespace Telephony.Queues.Routing;

/// <summary>
/// Which rules keep an agent from a queue's caller right now: the answer to "why is this agent not
/// getting calls?" and the filter routing applies, so the two can never disagree.
/// </summary>
public static class Eligibility
{
    /// <summary>Every rule holding <paramref name="agent"/> back from <paramref name="queue"/> (and <paramref name="caller"/>, when given) at <paramref name="now"/>; empty when they can be offered the call.</summary>
    public static IReadOnlyList<HoldBack> HoldBacks(AgentView agent, QueueDefinition queue, QueueCaller? caller, DateTimeOffset now)
    {
        var facts = agent.Facts;
        var reasons = new List<HoldBack>();
        if (agent.Definition.MembershipOf(queue.Name) is null)
        {
            reasons.Add(new HoldBack("not-member", $"not a member of queue '{queue.Name}'"));
        }

        if (!facts.LoggedIn)
        {
            reasons.Add(new HoldBack("logged-out", "logged out"));
        }
        else if (!facts.Registered)
        {
            reasons.Add(new HoldBack("not-registered", $"no softphone registered as '{agent.Definition.SipUser}'"));
        }

        if (facts.Engagement is { } engagement)
        {
            reasons.Add(engagement.Answered
                ? new HoldBack("on-call", $"on a call from queue '{engagement.Queue}' since {Clock(engagement.Since)}")
                : new HoldBack("ringing", $"being offered a call from queue '{engagement.Queue}' since {Clock(engagement.Since)}"));
        }

        if (facts.PauseReason is { } reason)
        {
            reasons.Add(new HoldBack("paused", $"paused ({reason}) since {Clock(facts.PausedAt ?? now)}"));
        }

        if (InWrapUp(facts, now))
        {
            reasons.Add(new HoldBack("wrap-up", $"in wrap-up after a call from queue '{facts.WrapUpQueue}' until {Clock(facts.WrapUpUntil!.Value)}", facts.WrapUpUntil));
        }

        if (caller is not null)
        {
            foreach (var (skill, level) in SkillRequirement.At(queue, caller, now))
            {
                var has = agent.Definition.LevelOf(skill);
                if (has < level)
                {
                    reasons.Add(new HoldBack("skill", has == 0
                        ? $"lacks skill '{skill}' (the caller needs level {level})"
                        : $"skill '{skill}' is level {has}; the caller needs {level}"));
                }
            }

            if (caller.Declined.Contains(agent.Name))
            {
                reasons.Add(new HoldBack("declined", "let this caller's offer go already (tried again after every other agent)"));
            }
        }

        return reasons;
    }

    /// <summary>
    /// True when none of the rules that hold regardless of queue and caller applies (logged out,
    /// not registered, ringing, on a call, paused, wrap-up): the same conditions as
    /// <see cref="HoldBacks"/>, without building the sentences, for routing's per-round filter.
    /// </summary>
    internal static bool IsFree(AgentFacts facts, DateTimeOffset now) =>
        facts.LoggedIn && facts.Registered && facts.Engagement is null && facts.PauseReason is null && !InWrapUp(facts, now);

    /// <summary>
    /// True when the caller's own rules let this agent take the call: the skills required now
    /// (<paramref name="required"/>, from <see cref="SkillRequirement.At"/>, computed once per
    /// caller) and, unless <paramref name="ignoreDeclined"/>, not having let this caller go already.
    /// </summary>
    internal static bool Fits(AgentView agent, IReadOnlyDictionary<string, int> required, QueueCaller caller, bool ignoreDeclined)
    {
        foreach (var (skill, level) in required)
        {
            if (agent.Definition.LevelOf(skill) < level)
            {
                return false;
            }
        }

        return ignoreDeclined || !caller.Declined.Contains(agent.Name);
    }

    private static bool InWrapUp(AgentFacts facts, DateTimeOffset now) => facts.WrapUpUntil is { } until && until > now;

    private static string Clock(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
