using System.Threading.Channels;
using Dapper;
using Telephony.Calls.Cdr;
using Telephony.Storage.Sqlite;

namespace Telephony.Storage.Cdr;

/// <summary>CDRs in SQLite: written in batches by one background writer, read newest first.</summary>
/// <remarks>
/// Calls enqueue and move on; the writer commits whatever has queued up in one transaction
/// (group commit), so a burst of a thousand hang-ups costs a handful of fsyncs. A failed batch
/// is retried, never dropped; on dispose the queue is drained. An outbound leg's row is written
/// before its INVITE (<see cref="OpenAsync"/>, open = 1) and completed in place by <see cref="Write"/>;
/// rows a crash left open are closed as cause <c>interrupted</c> when the next store opens. Thread-safe.
/// </remarks>
public sealed class SqliteCdrStore : ICdrSink, IAsyncDisposable
{
    private const string InsertSql = """
        INSERT INTO cdr (call_id, from_uri, to_uri, started_at, answered_at, ended_at, ended_by, cause, sip_status, digits, codec, jitter_ms, loss_pct, mos, rtp_packets, recording, flow, direction, peer_call_id, open)
        VALUES (@call_id, @from_uri, @to_uri, @started_at, @answered_at, @ended_at, @ended_by, @cause, @sip_status, @digits, @codec, @jitter_ms, @loss_pct, @mos, @rtp_packets, @recording, @flow, @direction, @peer_call_id, 0)
        """;

    private const string OpenSql = """
        INSERT INTO cdr (call_id, from_uri, to_uri, started_at, answered_at, ended_at, ended_by, cause, sip_status, digits, codec, jitter_ms, loss_pct, mos, rtp_packets, recording, flow, direction, peer_call_id, open)
        VALUES (@call_id, @from_uri, @to_uri, @started_at, @answered_at, @ended_at, @ended_by, @cause, @sip_status, @digits, @codec, @jitter_ms, @loss_pct, @mos, @rtp_packets, @recording, @flow, @direction, @peer_call_id, 1)
        """;

    private const string CompleteSql = """
        UPDATE cdr SET from_uri = @from_uri, to_uri = @to_uri, started_at = @started_at, answered_at = @answered_at, ended_at = @ended_at,
            ended_by = @ended_by, cause = @cause, sip_status = @sip_status, digits = @digits, codec = @codec, jitter_ms = @jitter_ms,
            loss_pct = @loss_pct, mos = @mos, rtp_packets = @rtp_packets, recording = @recording, flow = @flow, direction = @direction,
            peer_call_id = @peer_call_id, open = 0
        WHERE call_id = @call_id AND open = 1
        """;

    /// <summary>A queued write: a finished record, or an intent (<see cref="Opened"/> completes once it is durable).</summary>
    private readonly record struct Pending(CallDetailRecord Record, TaskCompletionSource? Opened);

    private readonly SqliteDatabase _db;
    private readonly Action<string>? _log;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private long _written;
    private readonly System.Diagnostics.Stopwatch _lastCommit = System.Diagnostics.Stopwatch.StartNew();

    /// <summary>How long a busy writer waits to gather a batch (the most a CDR is delayed).</summary>
    private static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(50);

    public SqliteCdrStore(SqliteDatabase db, Action<string>? log = null)
    {
        _db = db;
        _log = log;
        CloseInterrupted();
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Records committed so far by this instance.</summary>
    public long Written => Interlocked.Read(ref _written);

    public void Write(CallDetailRecord record) => _queue.Writer.TryWrite(new Pending(record, null));

    public Task OpenAsync(CallDetailRecord intent)
    {
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new Pending(intent, opened)))
        {
            opened.TrySetException(new ObjectDisposedException(nameof(SqliteCdrStore), "the CDR store is closed"));
        }

        return opened.Task;
    }

    /// <summary>Rows still open belong to legs of a process that stopped without completing them (a crash): they end as interrupted.</summary>
    private void CloseInterrupted()
    {
        using var connection = _db.Connect();
        var closed = connection.Execute("UPDATE cdr SET open = 0, cause = 'interrupted', ended_by = 'system' WHERE open = 1");
        if (closed > 0)
        {
            _log?.Invoke($"CDR: {closed} outbound leg(s) left in progress by a previous run recorded as interrupted");
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
                foreach (var (record, opened) in batch)
                {
                    var parameters = CdrRow.Parameters(record);
                    if (opened is not null)
                    {
                        connection.Execute(OpenSql, parameters, tx);
                    }
                    else if (record.Direction == Calls.Control.CallDirection.Inbound || connection.Execute(CompleteSql, parameters, tx) == 0)
                    {
                        connection.Execute(InsertSql, parameters, tx);
                    }
                }

                tx.Commit();
                foreach (var pending in batch)
                {
                    pending.Opened?.TrySetResult();
                }

                _lastCommit.Restart();
                Interlocked.Add(ref _written, batch.Count(p => p.Opened is null));
                return;
            }
            catch (Microsoft.Data.Sqlite.SqliteException e)
            {
                _log?.Invoke($"CDR write failed (attempt {attempt}, {batch.Count} records kept in memory): {e.Message}");
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 100 * attempt)));
            }
        }
    }

    /// <summary>Writes everything queued, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }
}
