namespace Telephony.Queues.Agents;

/// <summary>
/// An agent as configured (the config file, the API or the CLI): who they are, the SIP user their
/// softphone registers as, what they are good at and which queues they answer.
/// </summary>
/// <param name="Name">Unique, as the CLI and the API name the agent (<c>alice</c>).</param>
/// <param name="SipUser">The registrar user their softphone registers as; their calls ring its contacts.</param>
/// <param name="Skills">Skill name to level, 1 (some) to 10 (expert).</param>
/// <param name="Queues">The queues they answer, each with its tier (1 is offered first).</param>
public sealed record AgentDefinition(string Name, string SipUser, IReadOnlyDictionary<string, int> Skills, IReadOnlyList<QueueMembership> Queues)
{
    public const int MinSkillLevel = 1;
    public const int MaxSkillLevel = 10;

    /// <summary>The agent's level in <paramref name="skill"/>; 0 when they do not have it.</summary>
    public int LevelOf(string skill) => Skills.TryGetValue(skill, out var level) ? level : 0;

    /// <summary>The agent's membership of <paramref name="queue"/>, or null.</summary>
    public QueueMembership? MembershipOf(string queue) => Queues.FirstOrDefault(q => q.Queue == queue);

    /// <summary>What is wrong with this definition, one line per problem (empty when it is fine).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            problems.Add("an agent needs a name");
        }

        if (string.IsNullOrWhiteSpace(SipUser))
        {
            problems.Add($"agent '{Name}' needs a SIP user (the name their softphone registers as)");
        }

        foreach (var (skill, level) in Skills)
        {
            if (level is < MinSkillLevel or > MaxSkillLevel)
            {
                problems.Add($"agent '{Name}': skill '{skill}' has level {level}; levels go from {MinSkillLevel} to {MaxSkillLevel}");
            }
        }

        foreach (var twice in Queues.GroupBy(q => q.Queue).Where(g => g.Count() > 1))
        {
            problems.Add($"agent '{Name}' is a member of queue '{twice.Key}' twice");
        }

        foreach (var membership in Queues.Where(q => q.Tier < 1))
        {
            problems.Add($"agent '{Name}': tier {membership.Tier} in queue '{membership.Queue}'; tiers start at 1 (offered first)");
        }

        return problems;
    }
}
