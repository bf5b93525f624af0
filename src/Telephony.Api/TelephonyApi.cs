using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;
using Telephony.Api.Auth;
using Telephony.Api.Endpoints;
using Telephony.Api.Hosting;
using Telephony.Api.Json;
using Telephony.Api.Metrics;

namespace Telephony.Api;

/// <summary>
/// The HTTP API of the server (docs/api.md): calls, CDRs, dialplans, live events (SSE) and
/// Prometheus metrics, on its own Kestrel listener. The server starts it from <c>serve --http</c>.
/// </summary>
public static class TelephonyApi
{
    /// <summary>Starts listening; returns once requests are being accepted.</summary>
    /// <exception cref="ArgumentException">An unusable <see cref="ApiOptions.Listen"/> address.</exception>
    /// <exception cref="IOException">The address is taken (Kestrel's bind error).</exception>
    public static async Task<ApiHost> StartAsync(ApiOptions options, ApiServices services, ILoggerFactory? loggerFactory = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(services);
        ListenAddress.Parse(options.Listen);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBodyBytes, 1, nameof(options.MaxBodyBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxDialplanBytes, 1, nameof(options.MaxDialplanBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.RequestsPerTokenPerMinute, 1, nameof(options.RequestsPerTokenPerMinute));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.RequestsPerAddressPerMinute, 1, nameof(options.RequestsPerAddressPerMinute));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.KeepAliveInterval, TimeSpan.Zero, nameof(options.KeepAlive));
        loggerFactory ??= NullLoggerFactory.Instance;
        var logger = loggerFactory.CreateLogger("Telephony.Api");
        var tokens = new TokenAuthenticator(options.Tokens);
        if (tokens.Count == 0)
        {
            logger.LogWarning("http api: no API tokens configured; only /healthz, /readyz, /metrics and /openapi.json will answer (give serve --api-tokens FILE)");
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ApplicationName = typeof(TelephonyApi).Assembly.GetName().Name, ContentRootPath = AppContext.BaseDirectory });
        // The server's configuration reaches the API through ApiOptions only: no appsettings.json,
        // ASPNETCORE_* variables or Kestrel sections that could add listeners behind our back.
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new ForwardingLoggerProvider(loggerFactory));
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = Math.Max(options.MaxBodyBytes, options.MaxDialplanBytes) + 1L;
            ListenAddress.Apply(k, options.Listen);
        });
        builder.Services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        builder.Services.AddOpenApi(OpenApiSecurity.Configure);
        builder.Services.AddRateLimiter(o => ConfigureRateLimits(o, options, tokens));

        var metrics = new ApiMetrics(services.Registry, services.Metrics, logger);
        if (services.QueueStats is { } queueStats)
        {
            _ = new QueueMetrics(metrics.Registry, queueStats, logger);
        }

        var recent = new RecentCalls();
        var follower = new EventFollower(services.Events, [metrics.Observe, recent.Observe], logger);
        var app = builder.Build();
        ApiHost? host = null;
        try
        {
            app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = HandleExceptionAsync });
            app.UseRouting();
            app.UseMiddleware<HttpMetricsMiddleware>(metrics);
            app.UseRateLimiter();
            app.UseMiddleware<BearerAuthMiddleware>(tokens);

            HealthEndpoints.Map(app, () => host?.IsReady == true);
            CallEndpoints.Map(app, services, options, recent);
            CdrEndpoints.Map(app, services);
            DialplanEndpoints.Map(app, services, options);
            EventEndpoints.Map(app, services, options);
            AgentEndpoints.Map(app, services, options);
            QueueEndpoints.Map(app, services);
            app.MapMetrics("/metrics", metrics.Registry);
            app.MapOpenApi("/openapi.json");

            await app.StartAsync(cancel).ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? "http://" + options.Listen;
            host = new ApiHost(app, follower, new Uri(address.EndsWith('/') ? address : address + "/"));
            logger.LogInformation("http api: listening on {Address}", host.BaseAddress);
            return host;
        }
        catch
        {
            await follower.DisposeAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Per-token and per-address fixed windows; every request counts against its address, a known token's also against the token.</summary>
    private static void ConfigureRateLimits(RateLimiterOptions o, ApiOptions options, TokenAuthenticator tokens)
    {
        o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        o.OnRejected = async (context, cancel) =>
        {
            if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry))
            {
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            await Problem.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests", "slow down and retry after the Retry-After seconds").ConfigureAwait(false);
        };

        FixedWindowRateLimiterOptions Window(int permits) => new() { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true };

        // Only known tokens get partitions of their own: random tokens must not grow the table.
        var perToken = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            BearerAuthMiddleware.BearerToken(context.Request) is { } token && tokens.Authenticate(token) is not null
                ? RateLimitPartition.GetFixedWindowLimiter("token:" + TokenAuthenticator.Fingerprint(token), _ => Window(options.RequestsPerTokenPerMinute))
                : RateLimitPartition.GetNoLimiter("no token"));
        var perAddress = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            RateLimitPartition.GetFixedWindowLimiter("address:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"), _ => Window(options.RequestsPerAddressPerMinute)));
        o.GlobalLimiter = PartitionedRateLimiter.CreateChained(perToken, perAddress);
    }

    /// <summary>Whatever went wrong, the client gets a problem body and the server keeps running; the error is logged by the middleware.</summary>
    private static async Task HandleExceptionAsync(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        if (error is BadHttpRequestException bad)
        {
            await Problem.WriteAsync(context, bad.StatusCode, "Bad request", bad.Message).ConfigureAwait(false);
            return;
        }

        await Problem.WriteAsync(context, StatusCodes.Status500InternalServerError, "Internal error", "the server failed to handle this request; the error is logged").ConfigureAwait(false);
    }
}
