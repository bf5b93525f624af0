using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Telephony.Api.Endpoints;

/// <summary>
/// Describes a request body in the OpenAPI document without <c>Accepts</c> metadata: routing
/// turns that into an early bare 415 (before authentication and before our problem bodies),
/// whereas our handlers read bodies themselves and answer every bad one the same way.
/// </summary>
internal static class RequestBodies
{
    public static RouteHandlerBuilder JsonBody<T>(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancel) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(T), null, cancel).ConfigureAwait(false);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
            };
        });

    public static RouteHandlerBuilder TextBody(this RouteHandlerBuilder builder, params string[] types) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = types.ToDictionary(t => t, _ => new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } }),
            };
            return Task.CompletedTask;
        });

    /// <summary>Documents parameters the handler reads itself (so that it, not binding, answers bad values).</summary>
    public static RouteHandlerBuilder Parameters(this RouteHandlerBuilder builder, ParameterLocation location, params (string Name, string Description)[] parameters) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            foreach (var (name, description) in parameters)
            {
                operation.Parameters.Add(new OpenApiParameter { Name = name, In = location, Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } });
            }

            return Task.CompletedTask;
        });
}
