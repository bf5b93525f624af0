namespace Telephony.Queues.Routing.Strategies;

/// <summary>
/// Best cover of the caller's required skills first (the sum of the agent's levels in them; the
/// eligibility rules already removed agents under the minimum), then the tiebreak. With no skills
/// required it is longest idle.
/// </summary>
internal sealed class SkillsStrategy : IRoutingStrategy
{
    public IReadOnlyList<AgentView> Order(IReadOnlyList<AgentView> candidates, RoutingContext context)
    {
        var required = SkillRequirement.At(context.Queue, context.Caller, context.Now);
        var ordered = candidates.OrderByDescending(a => SkillRequirement.Score(a, required.Count > 0 ? required : context.Caller.RequiredSkills));
        return [.. Tiebreak.Then(ordered)];
    }
}
