using Microsoft.Extensions.Hosting;
using Telephony.Queues.Agents;
using Telephony.Queues.Config;
using Telephony.Queues.Desk;
using Telephony.Queues.Serving;
using Telephony.Server.Logging;

namespace Telephony.Server.Hosting;

/// <summary>
/// The agents of <c>--queues</c> while serve runs: one desk, and once a second one pass over every
/// agent that reads the registrar's bindings and lets time end wrap-ups (one loop for all agents,
/// no timer per agent). Every status change is a log line <c>agent: NAME FROM -> TO (CAUSE)</c>.
/// Agents start logged out: a restart never leaves one "available" who is not there.
/// </summary>
internal sealed class AgentDeskService : IHostedService, IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly Lazy<TelephonyServer> _server;
    private readonly Action<string> _log;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private int _disposed;

    /// <param name="services">Resolves the server lazily: the server takes <see cref="Queues"/> for its flows, and this service reads the server's registrar.</param>
    public AgentDeskService(ServeOptions options, LayerLog log, IServiceProvider services)
    {
        _server = new Lazy<TelephonyServer>(() => (TelephonyServer)services.GetService(typeof(TelephonyServer))!);
        _log = log.Write;
        if (options.Queues.Agents.Count > 0 || options.Queues.Queues.Count > 0)
        {
            Desk = Create(options.Queues);
            Desk.Changed += Log;
            Queues = new QueueService(Desk, options.Queues.Queues, new RegistrarContacts(this), _log);
        }
    }

    /// <summary>Null when serve has no <c>--queues</c>.</summary>
    public AgentDesk? Desk { get; }

    /// <summary>Callers waiting for agents (<c>transfer: queue:NAME</c>); null when serve has no <c>--queues</c>.</summary>
    public QueueService? Queues { get; }

    public static AgentDesk Create(QueuesConfig config) =>
        new(new AgentBook(config.Agents.Select(a => a.Definition)), config.Queues);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Desk is { } desk)
        {
            _log($"queues: {desk.Agents().Count} agents, all logged out until they log in");
            _loop = RunAsync(desk, _stop.Token);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        await _stop.CancelAsync();
        if (_loop is { } loop)
        {
            await loop.ConfigureAwait(false);
        }
    }

    /// <summary>Idempotent: the container disposes this service once as itself and once as the hosted service it also is.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _stop.Dispose();
        }
    }

    private async Task RunAsync(AgentDesk desk, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            do
            {
                try
                {
                    desk.Tick(IsRegistered);

                    // Time alone changes who may take a caller (skill requirements relax as they wait).
                    Queues?.Dispatch();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One bad pass must not stop agents' states from following the truth.
                    _log($"error: agent desk: {e.Message}");
                }
            }
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // serve is stopping
        }
    }

    // Before the engine has started (or when it could not) nobody is registered.
    private bool IsRegistered(string sipUser) => Contact(sipUser) is not null;

    /// <summary>The newest live contact of the SIP user in the registrar; null before the engine has started.</summary>
    private string? Contact(string sipUser) =>
        _server.Value.Calls is null ? null : _server.Value.Sip.Registrar?.Lookup(sipUser) is [var newest, ..] ? newest.Contact : null;

    private sealed class RegistrarContacts(AgentDeskService service) : IAgentContacts
    {
        public string? ContactOf(string sipUser) => service.Contact(sipUser);
    }

    private void Log(AgentEvent change) =>
        _log($"agent: {change.Agent} {AgentStatusNames.Of(change.From)} -> {AgentStatusNames.Of(change.To)} ({change.Cause})");
}
