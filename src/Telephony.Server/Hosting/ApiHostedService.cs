using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Telephony.Api;
using Telephony.Api.Auth;
using Telephony.Api.Dialplans;
using Telephony.Calls.Events;
using Telephony.Storage.Cdr;
using Telephony.Storage.Transcripts;

namespace Telephony.Server.Hosting;

/// <summary>
/// The HTTP API of <c>serve</c> (<c>--http</c>): started after the engine (registered after
/// <see cref="TelephonyHostedService"/>, so the host starts it later and stops it first), ready
/// once SIP listens, not ready from the moment the server begins to stop.
/// </summary>
internal sealed partial class ApiHostedService : IHostedService
{
    private readonly TelephonyServer _server;
    private readonly ServeOptions _options;
    private readonly CallEventHub _events;
    private readonly IReadOnlyList<ApiToken> _tokens;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _log;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly AgentDeskService _agents;
    private ApiHost? _api;

    public ApiHostedService(TelephonyServer server, ServeOptions options, CallEventHub events, IReadOnlyList<ApiToken> tokens, ILoggerFactory loggers, IHostApplicationLifetime lifetime, AgentDeskService agents)
    {
        _agents = agents;
        _lifetime = lifetime;
        _server = server;
        _options = options;
        _events = events;
        _tokens = tokens;
        _loggers = loggers;
        _log = loggers.CreateLogger("Telephony.Api");
    }

    /// <summary>True when the API could not listen; <c>serve</c> then exits 1.</summary>
    public bool Failed { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.Http is not { } listen || _server.Calls is not { } registry || _server.CallControl is not { } control
            || _server.Database is not { } db || _server.Clock is not { } clock)
        {
            return; // --http none, or the engine did not start (its service reports why)
        }

        var services = new ApiServices(registry, control, _events, new SqliteCdrSearch(db),
            new DialplanFolderCatalog(_options.DialplanFolder, _options.PromptFolder), MetricSources.For(_server.Sip, clock, _server.SpeechWorkers))
        {
            Transcripts = new SqliteTranscriptSearch(db),
            Agents = _agents.Desk,
            QueueStats = _agents.Statistics,
        };
        try
        {
            _api = await TelephonyApi.StartAsync(new ApiOptions(listen.ToString(), _tokens), services, _loggers, cancellationToken);
        }
        catch (IOException e)
        {
            // Like a taken SIP port: say which address and stop, rather than serve without the API asked for.
            CannotListen(_log, $"error: cannot listen for HTTP on {listen} (--http): {e.Message}");
            Failed = true;
            _lifetime.StopApplication();
            return;
        }

        _api.SetReady(true);

        // Offers to agents carry Call-Info with the caller's call in this API (docs/queues.md, "Delivery").
        if (_agents.Queues is { } queues)
        {
            queues.ApiAddress = _api.BaseAddress;
        }

        Listening(_log, _api.BaseAddress.ToString(), _tokens.Count);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_api is { } api)
        {
            api.SetReady(false);
            await api.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Line}")]
    private static partial void CannotListen(ILogger logger, string line);

    [LoggerMessage(Level = LogLevel.Information, Message = "telephony: HTTP API on {Address} ({Tokens} tokens)")]
    private static partial void Listening(ILogger logger, string address, int tokens);
}
