using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Telephony.Api.Contracts;
using Telephony.Api.Json;

namespace Telephony.Api.Endpoints;

/// <summary><c>/healthz</c> (the process answers) and <c>/readyz</c> (the server is ready for calls); open, never rate-limited.</summary>
internal static class HealthEndpoints
{
    public static void Map(IEndpointRouteBuilder app, Func<bool> ready)
    {
        app.MapGet("/healthz", () => Results.Json(new HealthView("ok"), ApiJson.Options))
            .DisableRateLimiting()
            .Produces<HealthView>()
            .WithSummary("Liveness: 200 while the process runs.");

        app.MapGet("/readyz", () => ready()
                ? Results.Json(new HealthView("ready"), ApiJson.Options)
                : Results.Json(new HealthView("starting"), ApiJson.Options, statusCode: StatusCodes.Status503ServiceUnavailable))
            .DisableRateLimiting()
            .Produces<HealthView>()
            .Produces<HealthView>(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Readiness: 503 until the server is ready to take calls.");
    }
}
