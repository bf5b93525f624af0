namespace Telephony.Queues.Routing;

/// <summary>After a caller has waited <paramref name="After"/>, every required skill's minimum level drops by <paramref name="LowerBy"/> (steps add up; at 0 the skill is no longer required).</summary>
public sealed record SkillRelaxation(TimeSpan After, int LowerBy);
