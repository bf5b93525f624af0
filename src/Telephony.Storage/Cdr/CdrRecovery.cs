using System.Data;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Telephony.Storage.Cdr;

/// <summary>
/// Who owns the open CDR rows, and closing the rows of owners that died: each store registers
/// itself (<see cref="CdrInstance"/>) and beats a heartbeat; rows opened by a store that stopped,
/// whose process is gone, or whose heartbeat is stale are closed as cause <c>interrupted</c>, ended
/// at the time that owner was last known alive. Rows of a live owner (another server on the same
/// data folder) are left alone.
/// </summary>
internal static class CdrRecovery
{
    public const string Interrupted = "interrupted";

    private sealed class InstanceRow
    {
        public string Id { get; set; } = string.Empty;

        public string Host { get; set; } = string.Empty;

        public long Pid { get; set; }

        public string? Process_Started_At { get; set; }

        public string Heartbeat_At { get; set; } = string.Empty;

        public string? Stopped_At { get; set; }

        public CdrInstance ToInstance() => new(Id, Host, (int)Pid, Process_Started_At is null ? null : Parse(Process_Started_At));
    }

    public static void Register(SqliteConnection connection, CdrInstance self, DateTimeOffset now) => connection.Execute(
        "INSERT INTO cdr_instance (id, host, pid, process_started_at, started_at, heartbeat_at) VALUES (@id, @host, @pid, @process, @now, @now)",
        new { id = self.Id, host = self.Host, pid = self.Pid, process = self.ProcessStartedAt is { } p ? CdrRow.Time(p) : null, now = CdrRow.Time(now) });

    public static void Beat(SqliteConnection connection, IDbTransaction? tx, string id, DateTimeOffset now) =>
        connection.Execute("UPDATE cdr_instance SET heartbeat_at = @now WHERE id = @id", new { id, now = CdrRow.Time(now) }, tx);

    public static void Stop(SqliteConnection connection, string id, DateTimeOffset now) =>
        connection.Execute("UPDATE cdr_instance SET heartbeat_at = @now, stopped_at = @now WHERE id = @id", new { id, now = CdrRow.Time(now) });

    /// <summary>Closes the open rows of every owner but <paramref name="self"/> that is not alive; returns how many.</summary>
    /// <param name="staleAfter">A heartbeat older than this means the owner is gone, wherever it ran.</param>
    /// <param name="isRunning">Whether an owner's process still runs (<see cref="CdrInstance.IsRunning"/>).</param>
    public static int CloseInterrupted(SqliteConnection connection, string self, DateTimeOffset now, TimeSpan staleAfter, Func<CdrInstance, bool> isRunning)
    {
        // One write transaction: two servers starting at once do not both judge the same owner.
        using var tx = connection.BeginTransaction(deferred: false);
        var stale = CdrRow.Time(now - staleAfter);
        var closed = 0;
        foreach (var owner in connection.Query<InstanceRow>("SELECT * FROM cdr_instance WHERE id <> @self", new { self }, tx))
        {
            var alive = owner.Stopped_At is null && string.CompareOrdinal(owner.Heartbeat_At, stale) >= 0 && isRunning(owner.ToInstance());
            if (alive)
            {
                continue;
            }

            // The row's own ended_at is when it was last written (opened, answered): the owner was alive then too.
            closed += connection.Execute(
                $"UPDATE cdr SET open = 0, cause = '{Interrupted}', ended_by = 'system', ended_at = MAX(ended_at, @alive) WHERE open = 1 AND owner = @id",
                new { id = owner.Id, alive = owner.Heartbeat_At },
                tx);
            connection.Execute("DELETE FROM cdr_instance WHERE id = @id", new { id = owner.Id }, tx);
        }

        // Rows without a registered owner: written before owners were recorded, or orphaned.
        closed += connection.Execute(
            $"UPDATE cdr SET open = 0, cause = '{Interrupted}', ended_by = 'system' WHERE open = 1 AND (owner IS NULL OR owner NOT IN (SELECT id FROM cdr_instance))",
            transaction: tx);
        tx.Commit();
        return closed;
    }

    private static DateTimeOffset Parse(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
