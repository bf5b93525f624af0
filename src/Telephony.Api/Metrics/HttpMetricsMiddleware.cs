using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Telephony.Api.Metrics;

/// <summary>Counts every request by its route template (<c>/calls/{id}</c>, never the id itself) and final status.</summary>
/// <remarks>Templates, not paths, keep the label set small whatever clients send; unmatched paths share one label.</remarks>
internal sealed class HttpMetricsMiddleware(RequestDelegate next, ApiMetrics metrics)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var failed = false;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
            metrics.CountRequest(route, failed ? StatusCodes.Status500InternalServerError : context.Response.StatusCode);
        }
    }
}
