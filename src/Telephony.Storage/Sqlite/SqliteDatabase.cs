using Dapper;
using Microsoft.Data.Sqlite;

namespace Telephony.Storage.Sqlite;

/// <summary>The embedded SQLite database under the data folder, migrated on open.</summary>
/// <remarks>
/// WAL mode lets the CLI read CDRs while the server writes; synchronous=NORMAL in WAL keeps
/// commits durable against process crashes at a fraction of FULL's fsync cost. Thread-safe:
/// each operation opens its own pooled connection.
/// </remarks>
public sealed class SqliteDatabase
{
    public const string FileName = "telephony.db";

    private SqliteDatabase(string path)
    {
        Path = path;
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string Path { get; }

    public string ConnectionString { get; }

    /// <summary>Opens (creating if needed) the database in <paramref name="dataFolder"/> and applies migrations.</summary>
    public static SqliteDatabase Open(string dataFolder)
    {
        Directory.CreateDirectory(dataFolder);
        var db = new SqliteDatabase(System.IO.Path.Combine(dataFolder, FileName));
        using var connection = db.Connect();
        Migrations.Apply(connection);
        return db;
    }

    /// <summary>Opens the database only if it exists (read-only commands must not create data folders).</summary>
    public static SqliteDatabase? OpenExisting(string dataFolder)
    {
        var path = System.IO.Path.Combine(dataFolder, FileName);
        return File.Exists(path) ? Open(dataFolder) : null;
    }

    public SqliteConnection Connect()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        connection.Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;");
        return connection;
    }
}
