using Dapper;
using Microsoft.Data.Sqlite;

namespace Telephony.Storage.Sqlite;

/// <summary>Schema versions, applied in order, each once, each in its own transaction.</summary>
/// <remarks>Append new steps; never edit a released one (databases in the field already ran it).</remarks>
internal static class Migrations
{
    private static readonly (int Version, string Sql)[] Steps =
    [
        (1, """
            CREATE TABLE cdr (
                id          INTEGER PRIMARY KEY AUTOINCREMENT,
                call_id     TEXT    NOT NULL,
                from_uri    TEXT    NOT NULL,
                to_uri      TEXT    NOT NULL,
                started_at  TEXT    NOT NULL,
                answered_at TEXT,
                ended_at    TEXT    NOT NULL,
                ended_by    TEXT    NOT NULL,
                cause       TEXT    NOT NULL,
                sip_status  INTEGER,
                digits      TEXT    NOT NULL,
                codec       TEXT
            );
            CREATE INDEX cdr_call_id ON cdr (call_id);
            CREATE INDEX cdr_started_at ON cdr (started_at);
            """),
        (2, """
            ALTER TABLE cdr ADD COLUMN jitter_ms REAL;
            ALTER TABLE cdr ADD COLUMN loss_pct REAL;
            ALTER TABLE cdr ADD COLUMN mos REAL;
            ALTER TABLE cdr ADD COLUMN rtp_packets INTEGER;
            """),
        (3, """
            ALTER TABLE cdr ADD COLUMN recording TEXT;
            """),
        (4, """
            ALTER TABLE cdr ADD COLUMN flow TEXT;
            """),
        (5, """
            ALTER TABLE cdr ADD COLUMN direction TEXT NOT NULL DEFAULT 'inbound';
            ALTER TABLE cdr ADD COLUMN peer_call_id TEXT;
            ALTER TABLE cdr ADD COLUMN open INTEGER NOT NULL DEFAULT 0;
            CREATE INDEX cdr_open ON cdr (call_id) WHERE open = 1;
            """),
        (6, """
            ALTER TABLE cdr ADD COLUMN owner TEXT;
            CREATE TABLE cdr_instance (
                id                 TEXT    PRIMARY KEY,
                host               TEXT    NOT NULL,
                pid                INTEGER NOT NULL,
                process_started_at TEXT,
                started_at         TEXT    NOT NULL,
                heartbeat_at       TEXT    NOT NULL,
                stopped_at         TEXT
            );
            """),
        (7, """
            CREATE TABLE transcripts (
                id                  INTEGER PRIMARY KEY AUTOINCREMENT,
                call_id             TEXT    NOT NULL,
                turn                INTEGER NOT NULL,
                outcome             TEXT    NOT NULL,
                text                TEXT    NOT NULL,
                confidence          REAL    NOT NULL,
                engine              TEXT    NOT NULL,
                language            TEXT    NOT NULL,
                speech_started_at   TEXT,
                speech_ended_at     TEXT,
                vad_ended_at        TEXT,
                recognized_at       TEXT,
                speech_ms           INTEGER NOT NULL,
                recognition_ms      INTEGER NOT NULL
            );
            CREATE INDEX transcripts_call_id ON transcripts (call_id);
            """),
        (8, """
            ALTER TABLE transcripts ADD COLUMN decided_ms INTEGER;
            ALTER TABLE transcripts ADD COLUMN reply_first_packet_ms INTEGER;
            """),
        (9, """
            CREATE TABLE agent_events (
                id          INTEGER PRIMARY KEY AUTOINCREMENT,
                at          TEXT    NOT NULL,
                agent       TEXT    NOT NULL,
                from_status TEXT    NOT NULL,
                to_status   TEXT    NOT NULL,
                cause       TEXT    NOT NULL,
                queue       TEXT,
                caller_id   TEXT
            );
            CREATE INDEX agent_events_at ON agent_events (at);
            CREATE INDEX agent_events_agent ON agent_events (agent, id);
            CREATE TABLE queue_entries (
                id               TEXT    PRIMARY KEY,
                queue            TEXT    NOT NULL,
                caller_id        TEXT    NOT NULL,
                number           TEXT    NOT NULL,
                priority         INTEGER NOT NULL,
                joined_at        TEXT    NOT NULL,
                offers           INTEGER NOT NULL DEFAULT 0,
                first_offered_at TEXT,
                last_agent       TEXT,
                answered_at      TEXT,
                agent            TEXT,
                ended_at         TEXT,
                outcome          TEXT,
                open             INTEGER NOT NULL DEFAULT 1,
                owner_host       TEXT    NOT NULL,
                owner_pid        INTEGER NOT NULL,
                owner_started_at TEXT
            );
            CREATE INDEX queue_entries_joined_at ON queue_entries (joined_at);
            CREATE INDEX queue_entries_open ON queue_entries (caller_id) WHERE open = 1;
            """),
    ];

    /// <remarks>
    /// Two processes may open one database at the same moment (a server starting while
    /// <c>cdr list</c> runs, two servers on one data folder): each step's transaction takes the
    /// write lock first (BEGIN IMMEDIATE, waiting out the other under busy_timeout) and checks
    /// again whether the step ran meanwhile, so each step runs exactly once.
    /// </remarks>
    public static void Apply(SqliteConnection connection)
    {
        connection.Execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
        var current = connection.ExecuteScalar<long?>("SELECT MAX(version) FROM schema_version") ?? 0;
        foreach (var (version, sql) in Steps)
        {
            if (version <= current)
            {
                continue;
            }

            using var tx = connection.BeginTransaction(deferred: false);
            if (connection.ExecuteScalar<long>("SELECT COUNT(*) FROM schema_version WHERE version = @version", new { version }, tx) > 0)
            {
                continue; // another process applied it while we waited for the lock
            }

            connection.Execute(sql, transaction: tx);
            connection.Execute(
                "INSERT INTO schema_version (version, applied_at) VALUES (@version, @at)",
                new { version, at = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture) },
                tx);
            tx.Commit();
        }
    }
}
