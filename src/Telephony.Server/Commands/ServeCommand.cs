using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Telephony.Api.Auth;
using Telephony.Calls.Bridging;
using Telephony.Calls.Events;
using Telephony.Server.Cli;
using Telephony.Server.Config;
using Telephony.Server.Hosting;
using Telephony.Server.Logging;

namespace Telephony.Server.Commands;

/// <summary><c>telephony serve</c>: runs the engine under the Generic Host until SIGINT/SIGTERM.</summary>
internal static class ServeCommand
{
    public const string Description = """
        Run the engine: answer SIP calls (UDP, TCP, TLS) and serve them.
        Each call is routed to a flow of the dialplans in --dialplans (every *.yaml there, hot reloaded) and run; a call no route takes is rejected with 404. The built-in demo flow (welcome, read back the digits, goodbye) answers calls only while no dialplan in the folder is valid. Every call leaves a CDR. Stops cleanly on Ctrl+C or SIGTERM (calls in progress are hung up, CDRs flushed).
        Folders are checked before anything listens: --prompts must exist; --data, --record and --dialplans are created when missing if their parent folder exists; --data and --record must be writable. A folder that does not pass stops serve (exit 2) naming its flag.
        Every option can also be set in the config file (--config FILE, default ./telephony.yaml when it exists; YAML, the flag name without dashes as key, e.g. 'sip-port: 5070') or in the environment (TELEPHONY_ and the flag name upper-cased with '_' for '-', e.g. TELEPHONY_SIP_PORT=5070). A flag beats the environment, which beats the file.
        Logs go to standard error. Security events are logged as 'SECURITY ban ip=...', 'SECURITY scanner ip=...', 'SECURITY refuse ip=...' and 'SECURITY auth-failed ip=...' (a wrong password or unknown user, at most 5 lines at once per address, then one per 12 s carrying the count) lines (see docs/security.md for fail2ban). The startup log says whether the registrar is on and for how many accounts.
        """;

    public static Command Create()
    {
        var config = Flags.Create("config", "FILE", "config file (YAML; keys are the flag names without dashes; default ./telephony.yaml when it exists)");
        var options = ServeSettings.All.Select(Flags.Create).ToList();
        var serve = new Command("serve", Description) { config };
        foreach (var option in options)
        {
            serve.Add(option);
        }

        serve.SetAction((r, _) => RunAsync(SettingsLoader.Load(Flags.Value(r, config), [.. ServeSettings.All.Select(s => s.Name)], Flags.Given(r, options))));
        return serve;
    }

    public static async Task<int> RunAsync(Settings settings)
    {
        var options = ServeOptions.From(settings);

        // Before the host: a folder that cannot serve stops serve here, not call by call later.
        ServeFolders.Check(settings, options);

        // The Whisper model too: a missing or malformed one stops serve here (exit 2), not the
        // first call that needs it (whisper.cpp would abort the process on some malformed files).
        using var speech = FreeSpeech.Load(settings, options);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        ((Microsoft.Extensions.Configuration.IConfigurationBuilder)builder.Configuration).Add(new Microsoft.Extensions.Configuration.ChainedConfigurationSource { Configuration = settings.Configuration });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Information);

        // The host's own chatter ("Application started...") is not ours to print; its warnings are.
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);

        // "Hosting failed to start" repeats the error Program reports as "telephony: error: ...".
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        builder.Logging.AddProvider(new LineLoggerProvider(new LogLineWriter(options.LogFormat, Console.Error, TimeProvider.System)));
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);

        // Stopping ends calls and flushes CDRs; it takes what it takes, as it always did.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = Timeout.InfiniteTimeSpan);
        builder.Services.AddSingleton<IHostLifetime, Microsoft.Extensions.Hosting.Internal.ConsoleLifetime>();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<LayerLog>();
        builder.Services.AddSingleton<AgentDeskService>();
        builder.Services.AddSingleton(speech);
        builder.Services.AddHostedService<FreeSpeechStartupLog>();
        var events = new CallEventHub();
        builder.Services.AddSingleton(events);
        builder.Services.AddSingleton(LoadTokens(options.ApiTokensFile));
        builder.Services.AddSingleton(sp => new TelephonyServer(options, sp.GetRequiredService<LayerLog>().Write)
        {
            Queues = sp.GetRequiredService<AgentDeskService>().Queues,
            Events = events,
            MediaBridges = new RtpMediaBridgeFactory(),
            FreeSpeech = speech.Recognizer,
        });
        builder.Services.AddSingleton<TelephonyHostedService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TelephonyHostedService>());

        // After the engine (it reads the registrar), before the API (which shows its agents).
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AgentDeskService>());

        // After the engine: the host starts the API once calls can be taken and stops it first.
        builder.Services.AddSingleton<ApiHostedService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ApiHostedService>());

        using var host = builder.Build();
        var service = host.Services.GetRequiredService<TelephonyHostedService>();
        var api = host.Services.GetRequiredService<ApiHostedService>();

        // RunAsync disposes the host (and its services) when it returns; read the outcome from the instance.
        try
        {
            await host.RunAsync();
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C or SIGTERM while the host was still starting (the API binds after SIP): the host
            // cancels the start and throws; the services started so far have been stopped. A stop
            // asked for is a clean stop, not a crash (the day-one walk caught exit 134 here).
            await host.StopAsync(CancellationToken.None);
        }

        return service.Failed || api.Failed ? 1 : 0;
    }

    /// <summary>The API's bearer tokens from <c>--api-tokens</c>; none without it (every protected endpoint then answers 401).</summary>
    private static IReadOnlyList<ApiToken> LoadTokens(string? path)
    {
        if (path is null)
        {
            return [];
        }

        try
        {
            return TokensFile.Load(path);
        }
        catch (TokensFileException e)
        {
            throw new UsageException("--api-tokens: " + e.Message);
        }
    }
}
