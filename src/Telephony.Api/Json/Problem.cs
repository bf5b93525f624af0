using Microsoft.AspNetCore.Http;
using Telephony.Api.Contracts;

namespace Telephony.Api.Json;

/// <summary>RFC 9457 problem responses (<c>application/problem+json</c>), with the contract's extra <c>field</c> member.</summary>
internal static class Problem
{
    public const string ContentType = "application/problem+json";

    public static IResult Result(int status, string title, string? detail = null, string? field = null) =>
        Results.Json(new ProblemBody("about:blank", title, status, detail, field), ApiJson.Options, ContentType, status);

    public static IResult NotFound(string what) => Result(StatusCodes.Status404NotFound, "Not found", what);

    public static async Task WriteAsync(HttpContext context, int status, string title, string? detail = null, string? field = null)
    {
        await Result(status, title, detail, field).ExecuteAsync(context).ConfigureAwait(false);
    }
}
