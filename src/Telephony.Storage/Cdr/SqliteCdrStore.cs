using System.Threading.Channels;
using Dapper;
using Telephony.Calls.Cdr;
using Telephony.Storage.Sqlite;

namespace Telephony.Storage.Cdr;

/// <summary>CDRs in SQLite: written in batches by one background writer, read newest first.</summary>
/// <remarks>
/// Calls enqueue and move on; the writer commits whatever has queued up in one transaction
/// (group commit), so a burst of a thousand hang-ups costs a handful of fsyncs. A failed batch
/// is retried, never dropped; on dispose the queue is drained. Every leg's row is written when it
/// starts (<see cref="OpenAsync"/>, open = 1, cause in-progress, owned by this store), updated when
/// it is answered (<see cref="Progress"/>) and completed in place by <see cref="Write"/>. The store
/// beats a heartbeat into cdr_instance; rows whose owner is gone (stopped, process dead, heartbeat
/// stale) are closed as cause <c>interrupted</c> when a store opens and at each heartbeat
/// (<see cref="CdrRecovery"/>). A queued write is committed within <see cref="Linger"/> plus one
/// commit. Thread-safe.
/// </remarks>
public sealed class SqliteCdrStore : ICdrSink, IAsyncDisposable
{
    private const string Columns = "call_id, from_uri, to_uri, started_at, answered_at, ended_at, ended_by, cause, sip_status, digits, codec, jitter_ms, loss_pct, mos, rtp_packets, recording, flow, direction, peer_call_id, owner, open";
    private const string Values = "@call_id, @from_uri, @to_uri, @started_at, @answered_at, @ended_at, @ended_by, @cause, @sip_status, @digits, @codec, @jitter_ms, @loss_pct, @mos, @rtp_packets, @recording, @flow, @direction, @peer_call_id, @owner";
    private const string InsertSql = $"INSERT INTO cdr ({Columns}) VALUES ({Values}, 0)";
    private const string OpenSql = $"INSERT INTO cdr ({Columns}) VALUES ({Values}, 1)";

    /// <summary>The leg's own open row: this store's, same Call-ID, direction and start (a rejected INVITE reusing a Call-ID is a row of its own).</summary>
    private const string OwnOpenRow = "WHERE call_id = @call_id AND direction = @direction AND started_at = @started_at AND owner = @owner AND open = 1";

    private const string ProgressSql = $"""
        UPDATE cdr SET answered_at = @answered_at, ended_at = @ended_at, sip_status = @sip_status, codec = @codec, peer_call_id = @peer_call_id
        {OwnOpenRow}
        """;

    private const string CompleteSql = $"""
        UPDATE cdr SET from_uri = @from_uri, to_uri = @to_uri, answered_at = @answered_at, ended_at = @ended_at,
            ended_by = @ended_by, cause = @cause, sip_status = @sip_status, digits = @digits, codec = @codec, jitter_ms = @jitter_ms,
            loss_pct = @loss_pct, mos = @mos, rtp_packets = @rtp_packets, recording = @recording, flow = @flow,
            peer_call_id = @peer_call_id, open = 0
        {OwnOpenRow}
        """;

    private enum Step
    {
        Open,
        Progress,
        Final,
    }

    /// <summary>A queued write; <see cref="Opened"/> completes once an intent is durable.</summary>
    private readonly record struct Pending(Step Step, CallDetailRecord Record, TaskCompletionSource? Opened);

    private readonly SqliteDatabase _db;
    private readonly Action<string>? _log;
    private readonly CdrStoreOptions _options;
    private readonly CdrInstance _self;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private readonly Task _heartbeat;
    private readonly CancellationTokenSource _stop = new();
    private long _written;
    private readonly System.Diagnostics.Stopwatch _lastCommit = System.Diagnostics.Stopwatch.StartNew();

    /// <summary>How long a busy writer waits to gather a batch (with one commit, the most a CDR write is delayed).</summary>
    public static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(50);

    public SqliteCdrStore(SqliteDatabase db, Action<string>? log = null, CdrStoreOptions? options = null)
    {
        _db = db;
        _log = log;
        _options = options ?? new CdrStoreOptions();
        _self = _options.Instance ?? CdrInstance.Current();
        using (var connection = _db.Connect())
        {
            CdrRecovery.Register(connection, _self, _options.Time.GetUtcNow());
        }

        CloseInterrupted("a previous run");
        _writer = Task.Run(WriteLoopAsync);
        _heartbeat = Task.Run(HeartbeatLoopAsync);
    }

    /// <summary>Records committed so far by this instance (final records, not intents or progress).</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>This store's owner id, as written in the rows it opens.</summary>
    public string Owner => _self.Id;

    public void Write(CallDetailRecord record) => _queue.Writer.TryWrite(new Pending(Step.Final, record, null));

    public void Progress(CallDetailRecord record) => _queue.Writer.TryWrite(new Pending(Step.Progress, record, null));

    public Task OpenAsync(CallDetailRecord intent)
    {
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new Pending(Step.Open, intent, opened)))
        {
            opened.TrySetException(new ObjectDisposedException(nameof(SqliteCdrStore), "the CDR store is closed"));
        }

        return opened.Task;
    }

    /// <summary>Rows still open whose owner is gone (a crash, a kill) end as interrupted; a live owner's are left alone.</summary>
    private void CloseInterrupted(string whose)
    {
        using var connection = _db.Connect();
        var closed = CdrRecovery.CloseInterrupted(connection, _self.Id, _options.Time.GetUtcNow(), _options.StaleAfter, _options.IsRunning);
        if (closed > 0)
        {
            _log?.Invoke($"CDR: {closed} call leg(s) left in progress by {whose} recorded as interrupted");
        }
    }

    /// <summary>The newest <paramref name="last"/> records, newest first.</summary>
    public static IReadOnlyList<CallDetailRecord> List(SqliteDatabase db, int last)
    {
        using var connection = db.Connect();
        return connection.Query<CdrRow>("SELECT * FROM cdr ORDER BY id DESC LIMIT @last", new { last })
            .Select(r => r.ToRecord())
            .ToList();
    }

    public static long Count(SqliteDatabase db)
    {
        using var connection = db.Connect();
        return connection.ExecuteScalar<long>("SELECT COUNT(*) FROM cdr");
    }

    /// <summary>Proves this store alive every few seconds and closes the rows of owners that died meanwhile (another server on the folder).</summary>
    private async Task HeartbeatLoopAsync()
    {
        using var timer = new PeriodicTimer(_options.HeartbeatInterval, _options.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                try
                {
                    using (var connection = _db.Connect())
                    {
                        CdrRecovery.Beat(connection, null, _self.Id, _options.Time.GetUtcNow());
                    }

                    CloseInterrupted("another server that stopped");
                }
                catch (Microsoft.Data.Sqlite.SqliteException e)
                {
                    _log?.Invoke($"CDR heartbeat failed (retried in {_options.HeartbeatInterval.TotalSeconds:0} s): {e.Message}");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // disposed
        }
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Pending>(256);
        while (await _queue.Reader.WaitToReadAsync())
        {
            // Under load, wait a moment for more records: one transaction (one WAL commit, one
            // lock round) per batch instead of per call. Idle servers write at once.
            if (Interlocked.Read(ref _written) > 0 && _lastCommit.Elapsed < Linger * 4)
            {
                await Task.Delay(Linger);
            }

            while (batch.Count < 256 && _queue.Reader.TryRead(out var record))
            {
                batch.Add(record);
            }

            await CommitWithRetryAsync(batch);
            batch.Clear();
        }
    }

    private async Task CommitWithRetryAsync(List<Pending> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var connection = _db.Connect();
                using var tx = connection.BeginTransaction();
                foreach (var (step, record, _) in batch)
                {
                    var parameters = CdrRow.Parameters(record, _self.Id);
                    switch (step)
                    {
                        case Step.Open:
                            connection.Execute(OpenSql, parameters, tx);
                            break;
                        case Step.Progress:
                            connection.Execute(ProgressSql, parameters, tx);
                            break;
                        default:
                            if (connection.Execute(CompleteSql, parameters, tx) == 0)
                            {
                                connection.Execute(InsertSql, parameters, tx);
                            }

                            break;
                    }
                }

                // Every commit is also a sign of life: after a crash, interrupted calls end at the last one.
                CdrRecovery.Beat(connection, tx, _self.Id, _options.Time.GetUtcNow());
                tx.Commit();
                foreach (var pending in batch)
                {
                    pending.Opened?.TrySetResult();
                }

                _lastCommit.Restart();
                Interlocked.Add(ref _written, batch.Count(p => p.Step == Step.Final));
                return;
            }
            catch (Microsoft.Data.Sqlite.SqliteException e)
            {
                _log?.Invoke($"CDR write failed (attempt {attempt}, {batch.Count} records kept in memory): {e.Message}");
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 100 * attempt)));
            }
        }
    }

    /// <summary>Writes everything queued, then stops and says so (its open rows, if any, are closed by the next store).</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
        await _stop.CancelAsync();
        await _heartbeat;
        _stop.Dispose();
        try
        {
            using var connection = _db.Connect();
            CdrRecovery.Stop(connection, _self.Id, _options.Time.GetUtcNow());
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            _log?.Invoke($"CDR: could not record this server's stop: {e.Message}");
        }
    }
}
