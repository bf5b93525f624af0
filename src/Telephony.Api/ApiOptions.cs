using Telephony.Api.Auth;

namespace Telephony.Api;

/// <summary>How the HTTP API listens and whom it lets in.</summary>
/// <param name="Listen">ADDR:PORT to listen on (<c>127.0.0.1:8080</c>, <c>[::1]:8080</c>, <c>0.0.0.0:8080</c>); port 0 picks a free port.</param>
/// <param name="Tokens">Bearer tokens and their roles (from <see cref="TokensFile"/> and/or the config file).</param>
/// <param name="MaxBodyBytes">The largest JSON body accepted (413 beyond).</param>
/// <param name="MaxDialplanBytes">The largest dialplan accepted by <c>POST /dialplans/validate</c>.</param>
/// <param name="RequestsPerTokenPerMinute">Requests one token may make per minute (429 beyond).</param>
/// <param name="RequestsPerAddressPerMinute">Requests one client address may make per minute, with or without a token.</param>
/// <param name="KeepAlive">How often an idle <c>/events</c> stream gets a <c>: ping</c> comment.</param>
public sealed record ApiOptions(
    string Listen,
    IReadOnlyList<ApiToken> Tokens,
    int MaxBodyBytes = ApiOptions.DefaultMaxBodyBytes,
    int MaxDialplanBytes = ApiOptions.DefaultMaxDialplanBytes,
    int RequestsPerTokenPerMinute = 600,
    int RequestsPerAddressPerMinute = 1200,
    TimeSpan? KeepAlive = null)
{
    public const string DefaultListen = "127.0.0.1:8080";

    public const int DefaultMaxBodyBytes = 64 * 1024;

    public const int DefaultMaxDialplanBytes = 1024 * 1024;

    /// <summary>The keep-alive period in effect (15 s unless set).</summary>
    public TimeSpan KeepAliveInterval => KeepAlive ?? TimeSpan.FromSeconds(15);
}
