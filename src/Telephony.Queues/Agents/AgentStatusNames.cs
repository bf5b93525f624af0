namespace Telephony.Queues.Agents;

/// <summary>How statuses are spelled in logs, the CLI and the API.</summary>
public static class AgentStatusNames
{
    public static string Of(AgentStatus status) => status switch
    {
        AgentStatus.Offline => "offline",
        AgentStatus.Available => "available",
        AgentStatus.Ringing => "ringing",
        AgentStatus.OnCall => "on-call",
        AgentStatus.WrapUp => "wrap-up",
        AgentStatus.Paused => "paused",
        _ => status.ToString(),
    };
}
