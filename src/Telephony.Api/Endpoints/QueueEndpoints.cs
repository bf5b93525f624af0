using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Telephony.Api.Auth;
using Telephony.Api.Contracts;
using Telephony.Api.Json;
using Telephony.Queues.Stats;

namespace Telephony.Api.Endpoints;

/// <summary>
/// <c>/queues</c>: each queue's figures today (waiting now, longest wait, offered, answered,
/// abandoned, speed of answer, service level, handle time, occupancy, agents needed), computed
/// from the stored entries and agent events at each request. For every role.
/// </summary>
internal static class QueueEndpoints
{
    private const string NoQueues = "this server serves no queues (serve --queues FILE)";

    public static void Map(IEndpointRouteBuilder app, ApiServices services)
    {
        var stats = services.QueueStats;
        app.MapGet("/queues", () => stats is null
                ? Problem.NotFound(NoQueues)
                : Results.Json(new QueueList(stats.All()), ApiJson.Options))
            .WithMetadata(new RequiresRole(ApiRole.Agent))
            .Produces<QueueList>()
            .Produces<ProblemBody>(StatusCodes.Status404NotFound, Problem.ContentType)
            .WithSummary("Every queue's figures today, from stored entries and agent events.");

        app.MapGet("/queues/{name}", (string name) => stats is null ? Problem.NotFound(NoQueues)
                : stats.Of(name) is { } one ? Results.Json(one, ApiJson.Options)
                : Problem.NotFound($"no queue '{name}'"))
            .WithMetadata(new RequiresRole(ApiRole.Agent))
            .Produces<QueueStats>()
            .Produces<ProblemBody>(StatusCodes.Status404NotFound, Problem.ContentType)
            .WithSummary("One queue's figures today.");
    }
}
