using Telephony.Queues.Agents;

namespace Telephony.Queues.Config;

/// <summary>An agent from the queues file: the routing definition and the digest password their softphone registers with.</summary>
public sealed record AgentAccount(AgentDefinition Definition, string Password);
