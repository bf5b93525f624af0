using Microsoft.Data.Sqlite;
using Telephony.Storage.Sqlite;

namespace Telephony.Storage.Tests;

/// <summary>Migrations on a real SQLite file, opened by several connections at once.</summary>
public class MigrationTests
{
    [Test]
    public async Task Two_openers_waiting_for_the_same_step_apply_it_once()
    {
        var folder = Path.Combine(Path.GetTempPath(), "migrate-" + Guid.NewGuid().ToString("N"));
        try
        {
            // A database one step behind: the newest step undone.
            var db = SqliteDatabase.Open(folder);
            using (var setup = db.Connect())
            using (var undo = setup.CreateCommand())
            {
                undo.CommandText = """
                    DROP TABLE agent_events;
                    DROP TABLE queue_entries;
                    DELETE FROM schema_version WHERE version = 9;
                    """;
                undo.ExecuteNonQuery();
            }

            // Someone holds the write lock while two servers start: both read "version 8" and wait.
            using var holder = db.Connect();
            using (var begin = holder.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE";
                begin.ExecuteNonQuery();
            }

            var opens = Enumerable.Range(0, 2).Select(_ => Task.Run(() => SqliteDatabase.Open(folder))).ToArray();
            await Task.Delay(1000);
            using (var commit = holder.CreateCommand())
            {
                commit.CommandText = "COMMIT";
                commit.ExecuteNonQuery();
            }

            Assert.DoesNotThrowAsync(async () => await Task.WhenAll(opens), "the second opener applied step 9 again");
            using var check = holder.CreateCommand();
            check.CommandText = "SELECT COUNT(*) FROM schema_version WHERE version = 9";
            Assert.That(check.ExecuteScalar(), Is.EqualTo(1L));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public async Task Opening_a_new_database_from_many_connections_at_once_applies_each_step_once()
    {
        var folder = Path.Combine(Path.GetTempPath(), "migrate-" + Guid.NewGuid().ToString("N"));
        try
        {
            // Two servers (or a server and `cdr list`) starting on one data folder race for the same
            // first migration: each must wait for the other, not apply an ALTER TABLE twice.
            using var start = new Barrier(6);
            var opens = Enumerable.Range(0, 6).Select(_ => Task.Run(() =>
            {
                start.SignalAndWait();
                return SqliteDatabase.Open(folder);
            })).ToArray();
            var databases = await Task.WhenAll(opens);

            using var connection = databases[0].Connect();
            using var versions = connection.CreateCommand();
            versions.CommandText = "SELECT COUNT(*), COUNT(DISTINCT version) FROM schema_version";
            using var reader = versions.ExecuteReader();
            reader.Read();
            Assert.Multiple(() =>
            {
                Assert.That(reader.GetInt64(0), Is.EqualTo(reader.GetInt64(1)), "a step was recorded twice");
                Assert.That(reader.GetInt64(1), Is.GreaterThanOrEqualTo(5));
            });
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
