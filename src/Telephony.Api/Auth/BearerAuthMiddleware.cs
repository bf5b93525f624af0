using Microsoft.AspNetCore.Http;
using Telephony.Api.Json;

namespace Telephony.Api.Auth;

/// <summary>
/// Lets a request reach an endpoint marked <see cref="RequiresRole"/> only with a bearer token of
/// that role or above: 401 (with <c>WWW-Authenticate: Bearer</c>) without a known token, 403 with a
/// token whose role is too low. Runs before the endpoint reads its body, so an unauthenticated
/// client cannot make us parse anything.
/// </summary>
internal sealed class BearerAuthMiddleware(RequestDelegate next, TokenAuthenticator tokens)
{
    /// <summary>The role a request authenticated with, for handlers and logs (never the token).</summary>
    public const string RoleItem = "telephony.role";

    public async Task InvokeAsync(HttpContext context)
    {
        var required = context.GetEndpoint()?.Metadata.GetMetadata<RequiresRole>();
        if (required is null)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var token = BearerToken(context.Request);
        if (token is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await Problem.WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", "send Authorization: Bearer TOKEN").ConfigureAwait(false);
            return;
        }

        if (tokens.Authenticate(token) is not { } role)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            await Problem.WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", "the token is not known").ConfigureAwait(false);
            return;
        }

        if (role < required.Role)
        {
            await Problem.WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden",
                $"this needs the {required.Role.ToString().ToLowerInvariant()} role; the token has {role.ToString().ToLowerInvariant()}").ConfigureAwait(false);
            return;
        }

        context.Items[RoleItem] = role;
        await next(context).ConfigureAwait(false);
    }

    /// <summary>The token of an <c>Authorization: Bearer</c> header, or null.</summary>
    public static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        if (header.Length <= Scheme.Length || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = header[Scheme.Length..].Trim();
        return token.Length == 0 ? null : token;
    }
}
