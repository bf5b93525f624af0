namespace Telephony.Queues.Serving;

/// <summary>Where an agent's softphone can be rung now: the registrar's newest live contact of their SIP user (the server implements it).</summary>
public interface IAgentContacts
{
    /// <summary>The contact URI to call, or null when no softphone is registered as <paramref name="sipUser"/>.</summary>
    string? ContactOf(string sipUser);
}
