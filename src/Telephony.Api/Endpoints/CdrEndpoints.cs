using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;
using Telephony.Api.Auth;
using Telephony.Api.Contracts;
using Telephony.Api.Json;
using Telephony.Calls.Cdr;

namespace Telephony.Api.Endpoints;

/// <summary><c>GET /cdrs</c>: stored call records, filtered, newest first, paged by an opaque cursor.</summary>
internal static class CdrEndpoints
{
    private static readonly HashSet<string> Parameters = new(StringComparer.Ordinal) { "from", "to", "number", "cause", "flow", "direction", "limit", "cursor" };

    public static void Map(IEndpointRouteBuilder app, ApiServices services)
    {
        app.MapGet("/cdrs", async (HttpContext context, CancellationToken cancel) =>
            {
                var (query, error) = Parse(context.Request.Query);
                if (query is null)
                {
                    return error!;
                }

                CdrPage page;
                try
                {
                    page = await services.Cdrs.SearchAsync(query, cancel).ConfigureAwait(false);
                }
                catch (ArgumentException e)
                {
                    return Problem.Result(StatusCodes.Status400BadRequest, "Invalid query", CallEndpoints.Message(e), CallEndpoints.FieldOf(e, [.. Parameters]));
                }

                return Results.Json(
                    new CdrList([.. page.Records.Select(CallViews.Cdr)], page.NextCursor is { } next ? Cursor(next) : null),
                    ApiJson.Options);
            })
            .WithMetadata(new RequiresRole(ApiRole.Supervisor))
            .Produces<CdrList>()
            .Produces<ProblemBody>(StatusCodes.Status400BadRequest, Problem.ContentType)
            .Parameters(
                ParameterLocation.Query,
                ("from", "Calls that started at or after this (ISO 8601)."),
                ("to", "Calls that started before this (ISO 8601)."),
                ("number", "A substring of the From or To URI."),
                ("cause", "The end cause, exactly."),
                ("flow", "A substring of the dialplan outcome."),
                ("direction", "inbound or outbound."),
                ("limit", "Records per page, 1 to 500 (default 50)."),
                ("cursor", "The previous page's next_cursor."))
            .WithSummary("Searches call detail records, newest first, a page at a time.");
    }

    private static (CdrQuery? Query, IResult? Error) Parse(IQueryCollection q)
    {
        if (q.Keys.FirstOrDefault(k => !Parameters.Contains(k)) is { } unknown)
        {
            return Bad(unknown, $"unknown query parameter '{unknown}' (expected {string.Join(", ", Parameters)})");
        }

        if (q.FirstOrDefault(p => p.Value.Count > 1) is { Key: { } repeated })
        {
            return Bad(repeated, $"'{repeated}' is given more than once");
        }

        DateTimeOffset? from = null, to = null;
        if (Text(q, "from") is { } f)
        {
            if (Time(f) is not { } t)
            {
                return Bad("from", "'from' is an ISO 8601 time, e.g. 2026-12-02T06:00:00Z");
            }

            from = t;
        }

        if (Text(q, "to") is { } u)
        {
            if (Time(u) is not { } t)
            {
                return Bad("to", "'to' is an ISO 8601 time, e.g. 2026-12-02T07:00:00Z");
            }

            to = t;
        }

        var limit = 50;
        if (Text(q, "limit") is { } l && (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > CdrQuery.MaxLimit))
        {
            return Bad("limit", $"'limit' is a whole number from 1 to {CdrQuery.MaxLimit}");
        }

        long? before = null;
        if (Text(q, "cursor") is { } c)
        {
            if (FromCursor(c) is not { } id)
            {
                return Bad("cursor", "'cursor' must be a next_cursor value from a previous page");
            }

            before = id;
        }

        var direction = Text(q, "direction");
        if (direction is not null and not "inbound" and not "outbound")
        {
            return Bad("direction", "'direction' is inbound or outbound");
        }

        return (new CdrQuery(from, to, Text(q, "number"), Text(q, "cause"), Text(q, "flow"), direction, limit, before), null);
    }

    private static (CdrQuery?, IResult?) Bad(string field, string detail) =>
        (null, Problem.Result(StatusCodes.Status400BadRequest, "Invalid query", detail, field));

    private static string? Text(IQueryCollection q, string name) =>
        q.TryGetValue(name, out var v) && v.ToString() is { Length: > 0 } s ? s : null;

    private static DateTimeOffset? Time(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null;

    /// <summary>Cursors are opaque to clients ("c" + row id, base 36) so that what they encode may change.</summary>
    private static string Cursor(long rowId) => "c" + Base36(rowId);

    private static long? FromCursor(string cursor)
    {
        if (cursor.Length is < 2 or > 14 || cursor[0] != 'c')
        {
            return null;
        }

        long id = 0;
        foreach (var ch in cursor.AsSpan(1))
        {
            var digit = ch is >= '0' and <= '9' ? ch - '0' : ch is >= 'a' and <= 'z' ? ch - 'a' + 10 : -1;
            if (digit < 0)
            {
                return null;
            }

            id = (id * 36) + digit;
        }

        return id > 0 ? id : null;
    }

    private static string Base36(long value)
    {
        Span<char> digits = stackalloc char[16];
        var i = digits.Length;
        do
        {
            var d = (int)(value % 36);
            digits[--i] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
            value /= 36;
        }
        while (value > 0);
        return new string(digits[i..]);
    }
}
