using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Telephony.Api.Auth;
using Telephony.Api.Contracts;
using Telephony.Api.Json;
using Telephony.Queues.Agents;
using Telephony.Queues.Desk;

namespace Telephony.Api.Endpoints;

/// <summary>
/// <c>/agents</c>: who is where and why (<c>GET /agents</c>, <c>GET /agents/{name}</c>,
/// <c>GET /agents/{name}/explain</c>), and login, logout, pause, unpause. Watching is for every
/// role; steering agents is for supervisors.
/// </summary>
internal static class AgentEndpoints
{
    private const string NoQueues = "this server serves no queues (serve --queues FILE)";

    public static void Map(IEndpointRouteBuilder app, ApiServices services, ApiOptions options)
    {
        var desk = services.Agents;
        app.MapGet("/agents", () => desk is null
                ? Problem.NotFound(NoQueues)
                : Results.Json(new AgentList([.. desk.Agents().Select(View)]), ApiJson.Options))
            .WithMetadata(new RequiresRole(ApiRole.Agent))
            .Produces<AgentList>()
            .WithSummary("Lists the agents with their status and why (facts, queues, skills).");

        app.MapGet("/agents/{name}", (string name) => desk is null ? Problem.NotFound(NoQueues)
                : desk.Agent(name) is { } agent ? Results.Json(View(agent), ApiJson.Options)
                : Unknown(name))
            .WithMetadata(new RequiresRole(ApiRole.Agent))
            .Produces<AgentView>()
            .Produces<ProblemBody>(StatusCodes.Status404NotFound, Problem.ContentType)
            .WithSummary("One agent now.");

        app.MapGet("/agents/{name}/explain", (string name) => desk is null ? Problem.NotFound(NoQueues)
                : desk.Explain(name) is { } queues ? Results.Json(Explanation(desk.Agent(name)!, queues), ApiJson.Options)
                : Unknown(name))
            .WithMetadata(new RequiresRole(ApiRole.Agent))
            .Produces<AgentExplanation>()
            .Produces<ProblemBody>(StatusCodes.Status404NotFound, Problem.ContentType)
            .WithSummary("Why this agent is not getting calls: every rule holding them back, per queue.");

        Steer(app, "login", "Logs the agent in: available once their softphone is registered.", (d, name) => d.Login(name), desk);
        Steer(app, "logout", "Logs the agent out (a call they are on goes on).", (d, name) => d.Logout(name), desk);
        Steer(app, "unpause", "Ends the agent's pause.", (d, name) => d.Unpause(name), desk);

        app.MapPost("/agents/{name}/pause", async (string name, HttpContext context) =>
            {
                if (desk is null)
                {
                    return Problem.NotFound(NoQueues);
                }

                var reason = PauseReasons.Default;
                if (HasBody(context.Request))
                {
                    var (body, error) = await ApiJson.ReadAsync<PauseBody>(context, options.MaxBodyBytes).ConfigureAwait(false);
                    if (body is null)
                    {
                        return error!;
                    }

                    reason = body.Reason ?? reason;
                }

                if (!PauseReasons.IsValid(reason))
                {
                    return Problem.Result(StatusCodes.Status400BadRequest, "Invalid body", $"'reason' is a code of {PauseReasons.Rule} (got '{reason}')", "reason");
                }

                return Changed(desk.Pause(name, reason), name);
            })
            .WithMetadata(new RequiresRole(ApiRole.Supervisor))
            .JsonBody<PauseBody>()
            .Produces<AgentChangeView>()
            .Produces<ProblemBody>(StatusCodes.Status400BadRequest, Problem.ContentType)
            .Produces<ProblemBody>(StatusCodes.Status404NotFound, Problem.ContentType)
            .WithSummary("Pauses the agent with a reason code (default 'break'); during a call it takes effect when the call ends.");
    }

    private static void Steer(IEndpointRouteBuilder app, string verb, string summary, Func<IAgentDesk, string, AgentChange?> change, IAgentDesk? desk) =>
        app.MapPost($"/agents/{{name}}/{verb}", (string name) => desk is null ? Problem.NotFound(NoQueues) : Changed(change(desk, name), name))
            .WithMetadata(new RequiresRole(ApiRole.Supervisor))
            .Produces<AgentChangeView>()
            .Produces<ProblemBody>(StatusCodes.Status404NotFound, Problem.ContentType)
            .WithSummary(summary);

    // A pause may come without a body (a button, curl -X POST): the default reason applies.
    private static bool HasBody(HttpRequest request) =>
        request.ContentLength is > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);

    private static IResult Changed(AgentChange? change, string name) => change is null
        ? Unknown(name)
        : Results.Json(new AgentChangeView(View(change.Agent), change.Event is not null, change.Event?.Cause), ApiJson.Options);

    private static IResult Unknown(string name) => Problem.NotFound($"no agent '{name}'");

    private static AgentView View(AgentSnapshot agent)
    {
        var (definition, facts) = (agent.Definition, agent.Facts);
        return new AgentView(
            definition.Name,
            definition.SipUser,
            AgentStatusNames.Of(agent.Status),
            agent.StatusSince,
            agent.StatusCause,
            facts.LoggedIn,
            facts.Registered,
            facts.PauseReason,
            agent.Status is AgentStatus.WrapUp ? facts.WrapUpQueue : null,
            agent.Status is AgentStatus.WrapUp ? facts.WrapUpUntil : null,
            facts.Engagement is { } e ? new AgentEngagementView(e.Queue, e.CallerId, e.Answered, e.Since) : null,
            [.. definition.Queues.Select(q => new AgentQueueView(q.Queue, q.Tier))],
            definition.Skills,
            facts.AnsweredToday.Values.Sum(),
            facts.TalkTimeToday.TotalSeconds);
    }

    private static AgentExplanation Explanation(AgentSnapshot agent, IReadOnlyList<QueueHoldBacks> queues) =>
        new(agent.Definition.Name, AgentStatusNames.Of(agent.Status),
            [.. queues.Select(q => new QueueExplanation(q.Queue, q.Tier, q.HoldBacks.Count == 0,
                [.. q.HoldBacks.Select(h => new HoldBackView(h.Code, h.Text, h.Until))]))]);
}
