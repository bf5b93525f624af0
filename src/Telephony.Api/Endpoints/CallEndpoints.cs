using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Telephony.Api.Auth;
using Telephony.Api.Contracts;
using Telephony.Api.Json;
using Telephony.Calls.Control;

namespace Telephony.Api.Endpoints;

/// <summary><c>/calls</c>: list, look up, place, hang up and transfer call legs.</summary>
internal static class CallEndpoints
{
    private static readonly string[] OriginateFields = ["to", "from", "trunk", "flow", "variables", "timeout"];

    public static void Map(IEndpointRouteBuilder app, ApiServices services, ApiOptions options, RecentCalls recent)
    {
        // The call's stored speech turns; the list view leaves them out (null), the detail always has a list.
        async Task<IReadOnlyList<TranscriptView>> TranscriptsAsync(string id, CancellationToken cancel) =>
            services.Transcripts is { } store
                ? (await store.ForCallAsync(id, cancel).ConfigureAwait(false)).Select(CallViews.Transcript).ToList()
                : [];

        app.MapGet("/calls", () =>
            {
                var calls = services.Registry.List().Select(CallViews.Live).ToList();
                return Results.Json(new CallList(calls, calls.Count), ApiJson.Options);
            })
            .WithMetadata(new RequiresRole(ApiRole.Agent))
            .Produces<CallList>()
            .WithSummary("Every live call leg, oldest first.");

        app.MapGet("/calls/{id}", async (string id, CancellationToken cancel) =>
            {
                if (services.Registry.Find(id) is { } live)
                {
                    return Results.Json(CallViews.Live(live) with { Transcripts = await TranscriptsAsync(id, cancel).ConfigureAwait(false) }, ApiJson.Options);
                }

                // An open row not live here: ended a moment ago (the events know more), or another server's call.
                if (await services.Cdrs.FindAsync(id, cancel).ConfigureAwait(false) is { } ended &&
                    !(ended.IsInProgress && recent.Ended(id) is not null))
                {
                    return Results.Json(CallViews.Ended(ended) with { Transcripts = await TranscriptsAsync(id, cancel).ConfigureAwait(false) }, ApiJson.Options);
                }

                // Ended a moment ago, its CDR not committed yet: what the events said.
                return recent.Ended(id) is { } view
                    ? Results.Json(view with { Transcripts = await TranscriptsAsync(id, cancel).ConfigureAwait(false) }, ApiJson.Options)
                    : Problem.NotFound($"no call '{id}' is live or recorded");
            })
            .WithMetadata(new RequiresRole(ApiRole.Agent))
            .Produces<CallView>()
            .Produces<ProblemBody>(StatusCodes.Status404NotFound, Problem.ContentType)
            .WithSummary("One live leg, or an ended leg's record.");

        app.MapPost("/calls", async (HttpContext context) =>
            {
                var (body, error) = await ApiJson.ReadAsync<OriginateBody>(context, options.MaxBodyBytes).ConfigureAwait(false);
                if (body is null)
                {
                    return error!;
                }

                if (string.IsNullOrWhiteSpace(body.To))
                {
                    return Problem.Result(StatusCodes.Status400BadRequest, "Invalid body", "'to' is required: a SIP URI or a number", "to");
                }

                if (body.Timeout is { } t && t is < 1 or > 600)
                {
                    return Problem.Result(StatusCodes.Status400BadRequest, "Invalid body", "'timeout' is the ring time in seconds, 1 to 600", "timeout");
                }

                if (body.Variables?.Keys.FirstOrDefault(k => k.Length == 0) is not null)
                {
                    return Problem.Result(StatusCodes.Status400BadRequest, "Invalid body", "variable names cannot be empty", "variables");
                }

                OriginatedCall call;
                try
                {
                    call = services.Control.Originate(new OriginateRequest(
                        body.To.Trim(),
                        body.From,
                        body.Trunk,
                        body.Flow,
                        body.Variables,
                        body.Timeout is { } seconds ? TimeSpan.FromSeconds(seconds) : null));
                }
                catch (ArgumentException e)
                {
                    return Problem.Result(StatusCodes.Status400BadRequest, "Cannot place the call", Message(e), FieldOf(e, OriginateFields));
                }
                catch (InvalidOperationException e)
                {
                    // No SIP stack yet, no free RTP port, or shutting down: the server cannot dial now; the request was fine.
                    return Problem.Result(StatusCodes.Status503ServiceUnavailable, "Cannot place calls now", e.Message);
                }

                var location = "/calls/" + Uri.EscapeDataString(call.CallId);
                context.Response.Headers.Location = location;
                return Results.Json(new OriginateAccepted(call.CallId, "setup", location), ApiJson.Options, statusCode: StatusCodes.Status202Accepted);
            })
            .WithMetadata(new RequiresRole(ApiRole.Admin))
            .JsonBody<OriginateBody>()
            .Produces<OriginateAccepted>(StatusCodes.Status202Accepted)
            .Produces<ProblemBody>(StatusCodes.Status400BadRequest, Problem.ContentType)
            .WithSummary("Places an outbound call; poll GET /calls/{id} for the outcome.");

        app.MapDelete("/calls/{id}", async (string id) =>
                await services.Control.HangupAsync(id, "api").ConfigureAwait(false)
                    ? Results.Json(new HangupAccepted(id, "ending"), ApiJson.Options, statusCode: StatusCodes.Status202Accepted)
                    : Problem.NotFound($"no call '{id}' is live"))
            .WithMetadata(new RequiresRole(ApiRole.Supervisor))
            .Produces<HangupAccepted>(StatusCodes.Status202Accepted)
            .Produces<ProblemBody>(StatusCodes.Status404NotFound, Problem.ContentType)
            .WithSummary("Hangs up a live leg.");

        app.MapPost("/calls/{id}/transfer", (string id, HttpContext context) => TransferAsync(id, context, services, options))
            .WithMetadata(new RequiresRole(ApiRole.Supervisor))
            .JsonBody<TransferBody>()
            .Produces<TransferOutcome>()
            .Produces<ProblemBody>(StatusCodes.Status404NotFound, Problem.ContentType)
            .WithSummary("Transfers an answered leg (bridge: we dial and relay; blind: REFER).");
    }

    private static async Task<IResult> TransferAsync(string id, HttpContext context, ApiServices services, ApiOptions options)
    {
        var (body, error) = await ApiJson.ReadAsync<TransferBody>(context, options.MaxBodyBytes).ConfigureAwait(false);
        if (body is null)
        {
            return error!;
        }

        if (string.IsNullOrWhiteSpace(body.Target))
        {
            return Problem.Result(StatusCodes.Status400BadRequest, "Invalid body", "'target' is required: a SIP URI or a number", "target");
        }

        TransferMode mode;
        switch (body.Mode ?? "bridge")
        {
            case "bridge":
                mode = TransferMode.Bridge;
                break;
            case "blind":
                mode = TransferMode.Blind;
                break;
            default:
                return Problem.Result(StatusCodes.Status400BadRequest, "Invalid body", "'mode' is bridge or blind", "mode");
        }

        if (body.Timeout is { } t && t is < 1 or > 600)
        {
            return Problem.Result(StatusCodes.Status400BadRequest, "Invalid body", "'timeout' is the ring time in seconds, 1 to 600", "timeout");
        }

        try
        {
            var result = await services.Control.TransferAsync(id, body.Target.Trim(), mode, body.Timeout is { } s ? TimeSpan.FromSeconds(s) : null).ConfigureAwait(false);
            return result is null
                ? Problem.NotFound($"no call '{id}' is live")
                : Results.Json(new TransferOutcome(id, result.Answered, result.SipStatus, result.Cause), ApiJson.Options);
        }
        catch (ArgumentException e)
        {
            return Problem.Result(StatusCodes.Status400BadRequest, "Cannot transfer", Message(e), "target");
        }
        catch (InvalidOperationException e)
        {
            return Problem.Result(StatusCodes.Status409Conflict, "Cannot transfer now", e.Message);
        }
    }

    /// <summary>The exception's message without .NET's " (Parameter 'x')" suffix.</summary>
    internal static string Message(ArgumentException e) =>
        e.ParamName is { } p ? e.Message.Replace($" (Parameter '{p}')", string.Empty, StringComparison.Ordinal) : e.Message;

    /// <summary>
    /// The body member an ArgumentException is about, when its ParamName names one
    /// (<c>To</c>, <c>request.Trunk</c>, <c>flow</c> ...; RingTimeout is the body's timeout).
    /// </summary>
    internal static string? FieldOf(ArgumentException e, string[] fields)
    {
        if (e.ParamName is not { } name)
        {
            return null;
        }

        var member = name[(name.LastIndexOf('.') + 1)..];
        member = member.Equals("RingTimeout", StringComparison.OrdinalIgnoreCase) ? "timeout" : member;
        return fields.FirstOrDefault(f => string.Equals(f, member, StringComparison.OrdinalIgnoreCase));
    }
}
