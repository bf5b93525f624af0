namespace Telephony.Queues.Routing;

/// <summary>The skills a caller needs at a moment of their wait, after the queue's relaxation steps.</summary>
public static class SkillRequirement
{
    /// <summary>Skill to minimum level now; a skill relaxed to 0 is no longer required and left out.</summary>
    public static IReadOnlyDictionary<string, int> At(QueueDefinition queue, QueueCaller caller, DateTimeOffset now)
    {
        if (caller.RequiredSkills.Count == 0)
        {
            return caller.RequiredSkills;
        }

        var wait = caller.WaitAt(now);
        var lowerBy = queue.Relaxation.Where(r => r.After <= wait).Sum(r => r.LowerBy);
        return caller.RequiredSkills
            .Select(kv => (kv.Key, Level: kv.Value - lowerBy))
            .Where(s => s.Level > 0)
            .ToDictionary(s => s.Key, s => s.Level, StringComparer.Ordinal);
    }

    /// <summary>How well the agent covers the requirement: the sum of their levels in the required skills (higher is better).</summary>
    public static int Score(AgentView agent, IReadOnlyDictionary<string, int> caller) =>
        caller.Keys.Sum(agent.Definition.LevelOf);
}
