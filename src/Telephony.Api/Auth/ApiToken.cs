namespace Telephony.Api.Auth;

/// <summary>One bearer token and the role it grants.</summary>
/// <param name="Role">What the token may do.</param>
/// <param name="Token">The secret itself; never logged, never printed by <see cref="ToString"/>.</param>
public sealed record ApiToken(ApiRole Role, string Token)
{
    public override string ToString() => $"{Role} token";
}
