using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Telephony.Api.Auth;
using Telephony.Api.Contracts;
using Telephony.Api.Json;

namespace Telephony.Api.Endpoints;

/// <summary><c>/dialplans</c>: what the folder holds, and checking a dialplan before it is saved there.</summary>
internal static class DialplanEndpoints
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static void Map(IEndpointRouteBuilder app, ApiServices services, ApiOptions options)
    {
        app.MapGet("/dialplans", () => Results.Json(
                new DialplanList([.. services.Dialplans.List().Select(d => new DialplanView(d.Name, d.File, d.Flows, d.Valid))]),
                ApiJson.Options))
            .WithMetadata(new RequiresRole(ApiRole.Supervisor))
            .Produces<DialplanList>()
            .WithSummary("The dialplan files of the server's folder and whether each is valid.");

        app.MapPost("/dialplans/validate", async (HttpContext context) =>
            {
                var type = context.Request.ContentType;
                if (type is not null && !IsYaml(type))
                {
                    return Problem.Result(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", $"send the dialplan as application/yaml or text/plain, not {type}");
                }

                var (body, error) = await ApiJson.ReadBytesAsync(context, options.MaxDialplanBytes).ConfigureAwait(false);
                if (body is null)
                {
                    return error!;
                }

                string yaml;
                try
                {
                    yaml = StrictUtf8.GetString(body);
                }
                catch (DecoderFallbackException)
                {
                    return Problem.Result(StatusCodes.Status400BadRequest, "Invalid body", "the dialplan is not valid UTF-8 text");
                }

                var problems = services.Dialplans.Validate(yaml.TrimStart('\uFEFF'));
                return Results.Json(
                    new ValidationResult(problems.Count == 0, [.. problems.Select(p => new ValidationError(p.Line, p.Column, p.Message, p.Hint))]),
                    ApiJson.Options);
            })
            .WithMetadata(new RequiresRole(ApiRole.Admin))
            .TextBody("application/yaml", "text/plain")
            .Produces<ValidationResult>()
            .Produces<ProblemBody>(StatusCodes.Status413PayloadTooLarge, Problem.ContentType)
            .WithSummary("Checks a dialplan (the YAML text as the body) as the server would load it.");
    }

    private static bool IsYaml(string type)
    {
        var media = type.Split(';')[0].Trim();
        return media.Equals("application/yaml", StringComparison.OrdinalIgnoreCase)
            || media.Equals("application/x-yaml", StringComparison.OrdinalIgnoreCase)
            || media.Equals("text/yaml", StringComparison.OrdinalIgnoreCase)
            || media.Equals("text/x-yaml", StringComparison.OrdinalIgnoreCase)
            || media.Equals("text/plain", StringComparison.OrdinalIgnoreCase);
    }
}
