using Microsoft.Extensions.Hosting;
using Telephony.Queues.Agents;
using Telephony.Queues.Config;
using Telephony.Queues.Desk;
using Telephony.Queues.Serving;
using Telephony.Queues.Stats;
using Telephony.Server.Logging;
using Telephony.Storage.Queues;
using Telephony.Storage.Sqlite;

namespace Telephony.Server.Hosting;

/// <summary>
/// The agents of <c>--queues</c> while serve runs: one desk, and once a second one pass over every
/// agent that reads the registrar's bindings and lets time end wrap-ups (one loop for all agents,
/// no timer per agent). Every status change is a log line <c>agent: NAME FROM -> TO (CAUSE)</c>.
/// Every status change and queue entry is stored (<see cref="SqliteQueueJournal"/> in the data
/// folder's database). On start, entries a previous process left open are closed as
/// <c>server-restart</c> and agents get back their stored login and pause, nothing more: no one
/// starts ringing or on a call, and each is available only once their softphone registers anew.
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
            var db = SqliteDatabase.Open(options.DataFolder);
            _journal = new SqliteQueueJournal(db, _log);
            var recovered = QueueJournalRecovery.Recover(db, DateTimeOffset.UtcNow);
            if (recovered.EntriesClosed > 0 || recovered.AgentsReset > 0)
            {
                _log($"queues: {recovered.EntriesClosed} queue entries left open by a previous run closed as server-restart; {recovered.AgentsReset} agents' stored status reset to offline");
            }

            Desk.Changed += _journal.AgentChanged;
            Desk.Restore(recovered.Agents);
            Queues = new QueueService(Desk, options.Queues.Queues, new RegistrarContacts(this), _log) { Journal = _journal };
            Statistics = new QueueStatistics(options.Queues.Queues, [.. options.Queues.Agents.Select(a => a.Definition)], new SqliteQueueHistory(db));
        }
    }

    private readonly SqliteQueueJournal? _journal;

    /// <summary>Each queue's figures from the stored history; null when serve has no <c>--queues</c>.</summary>
    public IQueueStatistics? Statistics { get; }

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
            var restored = desk.Agents().Count(a => a.Facts.LoggedIn);
            _log($"queues: {desk.Agents().Count} agents, {restored} logged in as stored (available once registered), the others logged out");
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

            // After the engine (disposed before this service): the agents' last changes, as calls were hung up, are stored too.
            if (_journal is { } journal)
            {
                await journal.DisposeAsync();
            }
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
