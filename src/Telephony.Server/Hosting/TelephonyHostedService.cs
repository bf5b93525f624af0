using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Telephony.Server.Hosting;

/// <summary>
/// Runs <see cref="TelephonyServer"/> under the Generic Host: start is <see cref="TelephonyServer.Start"/>,
/// stop is <see cref="TelephonyServer.DisposeAsync"/> (its own stop order), and while it runs a
/// status line is logged every 60 s when the counters changed.
/// </summary>
internal sealed partial class TelephonyHostedService : BackgroundService
{
    private static readonly TimeSpan StatusPeriod = TimeSpan.FromSeconds(60);
    private readonly TelephonyServer _server;
    private readonly ServeOptions _options;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger _log;
    private bool _started;

    public TelephonyHostedService(TelephonyServer server, ServeOptions options, IHostApplicationLifetime lifetime, ILogger<TelephonyHostedService> log)
    {
        _server = server;
        _options = options;
        _lifetime = lifetime;
        _log = log;
    }

    /// <summary>True when the server could not start listening; <c>serve</c> then exits 1.</summary>
    public bool Failed { get; private set; }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            _server.Start();
        }
        catch (SocketException e)
        {
            CannotListen(_log, $"error: cannot listen on port {_options.SipPort}: {e.Message}");
            Failed = true;
            await _server.DisposeAsync();
            _lifetime.StopApplication();
            return;
        }
        catch
        {
            // Whatever started before the failure is torn down; the error is reported by Program.
            await _server.DisposeAsync();
            throw;
        }

        _started = true;
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var ticker = new PeriodicTimer(StatusPeriod);
        var last = string.Empty;
        try
        {
            while (await ticker.WaitForNextTickAsync(stoppingToken))
            {
                var status = _server.Status();
                if (status != last && !_options.Quiet)
                {
                    Status(_log, status);
                    last = status;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: StopAsync takes over.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!_started)
        {
            return;
        }

        await base.StopAsync(cancellationToken);
        Stopping(_log);
        await _server.DisposeAsync();
        Stopped(_log, _server.Status());
    }

    // The line keeps its "error: " prefix: it reads the same in text logs as it always did.
    [LoggerMessage(Level = LogLevel.Error, Message = "{Line}")]
    private static partial void CannotListen(ILogger logger, string line);

    [LoggerMessage(Level = LogLevel.Information, Message = "status: {Status}")]
    private static partial void Status(ILogger logger, string status);

    [LoggerMessage(Level = LogLevel.Information, Message = "telephony: stopping")]
    private static partial void Stopping(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "telephony: stopped; {Status}")]
    private static partial void Stopped(ILogger logger, string status);
}
