using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Telephony.Api.Auth;

namespace Telephony.Api.Hosting;

/// <summary>Puts the bearer scheme and each operation's least role into the generated OpenAPI document.</summary>
internal static class OpenApiSecurity
{
    private const string Scheme = "bearer";

    public static void Configure(OpenApiOptions o)
    {
        o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Telephony API";
            document.Info.Version = "1";
            document.Info.Description = "Calls, CDRs, dialplans, live events (SSE) and metrics of a Telephony server (docs/api.md). "
                + "Authorization: Bearer TOKEN; roles agent ⊂ supervisor ⊂ admin.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[Scheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A token of the server's --api-tokens file.",
            };
            return Task.CompletedTask;
        });

        o.AddOperationTransformer((operation, context, _) =>
        {
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<RequiresRole>().FirstOrDefault() is { } role)
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Scheme, context.Document)] = [] });
                operation.Description = $"Needs the {role.Role.ToString().ToLowerInvariant()} role (or above). " + operation.Description;
            }

            return Task.CompletedTask;
        });
    }
}
