using System.Threading.Channels;
using Dapper;
using Telephony.Calls.Cdr;
using Telephony.Storage.Sqlite;

namespace Telephony.Storage.Cdr;

/// <summary>CDRs in SQLite: written in batches by one background writer, read newest first.</summary>
/// <remarks>
/// Calls enqueue and move on; the writer commits whatever has queued up in one transaction
/// (group commit), so a burst of a thousand hang-ups costs a handful of fsyncs. A failed batch
/// is retried, never dropped; on dispose the queue is drained. Thread-safe.
/// </remarks>
public sealed class SqliteCdrStore : ICdrSink, IAsyncDisposable
{
    private const string InsertSql = """
        INSERT INTO cdr (call_id, from_uri, to_uri, started_at, answered_at, ended_at, ended_by, cause, sip_status, digits, codec, jitter_ms, loss_pct, mos, rtp_packets, recording, flow)
        VALUES (@call_id, @from_uri, @to_uri, @started_at, @answered_at, @ended_at, @ended_by, @cause, @sip_status, @digits, @codec, @jitter_ms, @loss_pct, @mos, @rtp_packets, @recording, @flow)
        """;

    private readonly SqliteDatabase _db;
    private readonly Action<string>? _log;
    private readonly Channel<CallDetailRecord> _queue = Channel.CreateUnbounded<CallDetailRecord>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private long _written;
    private readonly System.Diagnostics.Stopwatch _lastCommit = System.Diagnostics.Stopwatch.StartNew();

    /// <summary>How long a busy writer waits to gather a batch (the most a CDR is delayed).</summary>
    private static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(50);

    public SqliteCdrStore(SqliteDatabase db, Action<string>? log = null)
    {
        _db = db;
        _log = log;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Records committed so far by this instance.</summary>
    public long Written => Interlocked.Read(ref _written);

    public void Write(CallDetailRecord record) => _queue.Writer.TryWrite(record);

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
        var batch = new List<CallDetailRecord>(256);
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

    private async Task CommitWithRetryAsync(List<CallDetailRecord> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var connection = _db.Connect();
                using var tx = connection.BeginTransaction();
                foreach (var record in batch)
                {
                    connection.Execute(InsertSql, CdrRow.Parameters(record), tx);
                }

                tx.Commit();
                _lastCommit.Restart();
                Interlocked.Add(ref _written, batch.Count);
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
