namespace Telephony.Api.Auth;

/// <summary>What a token may do; each role includes the ones below it (agent ⊂ supervisor ⊂ admin).</summary>
public enum ApiRole
{
    /// <summary>Watches calls and events.</summary>
    Agent = 1,

    /// <summary>Also hangs up and transfers calls, reads CDRs and dialplans.</summary>
    Supervisor = 2,

    /// <summary>Also places calls and validates dialplans.</summary>
    Admin = 3,
}
