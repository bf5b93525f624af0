using System.Globalization;

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

        if (facts.WrapUpUntil is { } until && until > now)
        {
            reasons.Add(new HoldBack("wrap-up", $"in wrap-up after a call from queue '{facts.WrapUpQueue}' until {Clock(until)}", until));
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

    private static string Clock(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
