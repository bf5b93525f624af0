using Telephony.Queues.Agents;

namespace Telephony.Queues.Routing;

/// <summary>An agent as routing sees them at one moment: the definition, the facts, and their place in the configuration.</summary>
/// <param name="ConfigOrder">Position in the configuration (0 first): linear and round-robin order, and the last tiebreak.</param>
public sealed record AgentView(AgentDefinition Definition, AgentFacts Facts, int ConfigOrder)
{
    public string Name => Definition.Name;

    /// <summary>Since when the agent is free: the end of their last wrap-up, else their login.</summary>
    public DateTimeOffset IdleSince => Facts.IdleSince ?? Facts.LoggedInAt ?? DateTimeOffset.MinValue;
}
