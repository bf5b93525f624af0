namespace Telephony.Api.Auth;

/// <summary>Endpoint metadata: the least role that may call it. Endpoints without it are open.</summary>
internal sealed record RequiresRole(ApiRole Role);
