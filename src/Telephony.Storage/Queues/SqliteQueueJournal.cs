using System.Threading.Channels;
using Dapper;
using Telephony.Queues.Agents;
using Telephony.Queues.Journal;
using Telephony.Storage.Cdr;
using Telephony.Storage.Sqlite;

namespace Telephony.Storage.Queues;

/// <summary>
/// Agent events and queue entries in SQLite (tables <c>agent_events</c>, <c>queue_entries</c>,
/// migration 9), written by one background writer in batches: callers (the desk's event, the
/// queue service) only enqueue, so no lock of theirs waits on the disk. Whatever queued up while a
/// commit ran goes in the next transaction (group commit). <see cref="EntryJoinedAsync"/>
/// completes once its row is committed: the caller is offered to no agent before its entry exists.
/// A failed batch is retried, never dropped; dispose drains the queue. Thread-safe.
/// </summary>
public sealed class SqliteQueueJournal : IQueueJournal, IAsyncDisposable
{
    private const string InsertEvent = """
        INSERT INTO agent_events (at, agent, from_status, to_status, cause, queue, caller_id)
        VALUES (@at, @agent, @from, @to, @cause, @queue, @caller)
        """;

    // An offer counts on the caller's open entry of that queue (the row the queue service opened before the offer).
    private const string CountOffer = """
        UPDATE queue_entries SET offers = offers + 1, first_offered_at = COALESCE(first_offered_at, @at), last_agent = @agent
        WHERE caller_id = @caller AND queue = @queue AND open = 1
        """;

    private const string InsertEntry = """
        INSERT INTO queue_entries (id, queue, caller_id, number, priority, joined_at, owner_host, owner_pid, owner_started_at)
        VALUES (@id, @queue, @caller, @number, @priority, @at, @host, @pid, @started)
        """;

    private const string CloseEntry = """
        UPDATE queue_entries SET open = 0, outcome = @outcome, ended_at = @at, offers = MAX(offers, @offers),
            agent = @agent, answered_at = CASE WHEN @outcome = 'answered' THEN @at ELSE answered_at END
        WHERE id = @id AND open = 1
        """;

    private abstract record Write;

    private sealed record EventWrite(AgentEvent Change) : Write;

    private sealed record JoinWrite(QueueEntryJoined Entry, TaskCompletionSource Durable) : Write;

    private sealed record LeaveWrite(QueueEntryLeft Left) : Write;

    private readonly SqliteDatabase _db;
    private readonly Action<string>? _log;
    private readonly CdrInstance _self;
    private readonly Channel<Write> _queue = Channel.CreateUnbounded<Write>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private long _committed;

    /// <param name="self">This process as the owner of the entries it opens (a restart judges by it whether they were orphaned); the current process by default.</param>
    public SqliteQueueJournal(SqliteDatabase db, Action<string>? log = null, CdrInstance? self = null)
    {
        _db = db;
        _log = log;
        _self = self ?? CdrInstance.Current();
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Rows written so far (events and entry changes).</summary>
    public long Committed => Interlocked.Read(ref _committed);

    public void AgentChanged(AgentEvent change)
    {
        ArgumentNullException.ThrowIfNull(change);
        _queue.Writer.TryWrite(new EventWrite(change));
    }

    public Task EntryJoinedAsync(QueueEntryJoined entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var durable = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new JoinWrite(entry, durable)))
        {
            durable.TrySetException(new ObjectDisposedException(nameof(SqliteQueueJournal), "the queue journal is closed"));
        }

        return durable.Task;
    }

    public void EntryLeft(QueueEntryLeft left)
    {
        ArgumentNullException.ThrowIfNull(left);
        _queue.Writer.TryWrite(new LeaveWrite(left));
    }

    /// <summary>Completes once everything queued before the call is committed (tests, benchmarks).</summary>
    public Task FlushAsync() => EntryJoinedAsync(new QueueEntryJoined("flush:" + Guid.NewGuid().ToString("N"), string.Empty, string.Empty, string.Empty, 0, DateTimeOffset.UnixEpoch));

    private async Task WriteLoopAsync()
    {
        var batch = new List<Write>(512);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < 4096 && _queue.Reader.TryRead(out var write))
            {
                batch.Add(write);
            }

            await CommitWithRetryAsync(batch).ConfigureAwait(false);
            batch.Clear();
        }
    }

    private async Task CommitWithRetryAsync(List<Write> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var connection = _db.Connect();
                using var tx = connection.BeginTransaction();
                foreach (var write in batch)
                {
                    switch (write)
                    {
                        case EventWrite { Change: var e }:
                            connection.Execute(InsertEvent, new
                            {
                                at = CdrRow.Time(e.At), agent = e.Agent, from = AgentStatusNames.Of(e.From), to = AgentStatusNames.Of(e.To),
                                cause = e.Cause, queue = e.Queue, caller = e.CallerId,
                            }, tx);
                            if (e.Cause == "offered" && e.CallerId is not null && e.Queue is not null)
                            {
                                connection.Execute(CountOffer, new { at = CdrRow.Time(e.At), agent = e.Agent, caller = e.CallerId, queue = e.Queue }, tx);
                            }

                            break;
                        case JoinWrite { Entry: var j } when j.EntryId.StartsWith("flush:", StringComparison.Ordinal):
                            break;
                        case JoinWrite { Entry: var j }:
                            connection.Execute(InsertEntry, new
                            {
                                id = j.EntryId, queue = j.Queue, caller = j.CallerId, number = j.Number, priority = j.Priority, at = CdrRow.Time(j.At),
                                host = _self.Host, pid = _self.Pid, started = _self.ProcessStartedAt is { } s ? CdrRow.Time(s) : null,
                            }, tx);
                            break;
                        case LeaveWrite { Left: var l }:
                            connection.Execute(CloseEntry, new { id = l.EntryId, outcome = l.Outcome, at = CdrRow.Time(l.At), offers = l.Offers, agent = l.Agent }, tx);
                            break;
                    }
                }

                tx.Commit();
                foreach (var write in batch)
                {
                    (write as JoinWrite)?.Durable.TrySetResult();
                }

                Interlocked.Add(ref _committed, batch.Count);
                return;
            }
            catch (Microsoft.Data.Sqlite.SqliteException e)
            {
                _log?.Invoke($"queue journal: write failed (attempt {attempt}, {batch.Count} rows kept in memory): {e.Message}");
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 100 * attempt))).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Writes everything queued, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }
}
