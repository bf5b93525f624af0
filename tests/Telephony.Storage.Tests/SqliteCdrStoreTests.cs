using Microsoft.Data.Sqlite;
using Telephony.Calls.Cdr;
using Telephony.Storage.Cdr;
using Telephony.Storage.Sqlite;

namespace Telephony.Storage.Tests;

/// <summary>The CDR store on a real SQLite file.</summary>
public class SqliteCdrStoreTests
{
    private string _folder = null!;

    [SetUp]
    public void SetUp() => _folder = Path.Combine(Path.GetTempPath(), "cdr-test-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void TearDown()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static CallDetailRecord Record(int i, DateTimeOffset? answered = null) => new(
        $"call-{i}", "sip:alice@example.com", "sip:ivr@example.com",
        new DateTimeOffset(2026, 11, 24, 10, 0, i % 60, 123, TimeSpan.Zero), answered,
        new DateTimeOffset(2026, 11, 24, 10, 1, i % 60, 456, TimeSpan.Zero), CallEndedBy.Caller, "BYE", 200, "123#"[..3], "PCMU");

    [Test]
    public async Task Records_written_come_back_exactly_newest_first()
    {
        var db = SqliteDatabase.Open(_folder);
        await using (var store = new SqliteCdrStore(db))
        {
            store.Write(Record(1, answered: new DateTimeOffset(2026, 11, 24, 10, 0, 2, 0, TimeSpan.Zero)) with { Flow = "bank/main: hangup normal at banking/goodbye" });
            store.Write(Record(2) with { SipStatus = null, Codec = null, Digits = string.Empty });
        }

        var list = SqliteCdrStore.List(db, 10);

        Assert.That(list, Has.Count.EqualTo(2));
        Assert.Multiple(() =>
        {
            Assert.That(list[0], Is.EqualTo(Record(2) with { SipStatus = null, Codec = null, Digits = string.Empty }));
            Assert.That(list[1], Is.EqualTo(Record(1, answered: new DateTimeOffset(2026, 11, 24, 10, 0, 2, 0, TimeSpan.Zero)) with { Flow = "bank/main: hangup normal at banking/goodbye" }));
        });
    }

    [Test]
    public async Task A_burst_of_writes_is_fully_committed_on_dispose()
    {
        var db = SqliteDatabase.Open(_folder);
        var store = new SqliteCdrStore(db);
        Parallel.For(0, 2000, i => store.Write(Record(i)));
        await store.DisposeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(SqliteCdrStore.Count(db), Is.EqualTo(2000));
            Assert.That(store.Written, Is.EqualTo(2000));
            Assert.That(SqliteCdrStore.List(db, 5000).Select(r => r.CallId).Distinct().Count(), Is.EqualTo(2000));
        });
    }

    [Test]
    public async Task Call_quality_is_stored_with_the_record()
    {
        var db = SqliteDatabase.Open(_folder);
        await using (var store = new SqliteCdrStore(db))
        {
            store.Write(Record(1) with { Quality = new CallQuality(3.25, 1.5, 4.12, 1234) });
        }

        Assert.That(SqliteCdrStore.List(db, 1).Single().Quality, Is.EqualTo(new CallQuality(3.25, 1.5, 4.12, 1234)));
    }

    [Test]
    public void Opening_twice_migrates_once()
    {
        SqliteDatabase.Open(_folder);
        var db = SqliteDatabase.Open(_folder);

        using var connection = db.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) || '/' || COUNT(DISTINCT version) || '/' || MAX(version) FROM schema_version";
        Assert.That(command.ExecuteScalar(), Is.EqualTo("9/9/9"), "each of the nine schema steps applied exactly once");
    }

    [Test]
    public void Read_only_commands_do_not_create_a_database()
    {
        Assert.Multiple(() =>
        {
            Assert.That(SqliteDatabase.OpenExisting(_folder), Is.Null);
            Assert.That(Directory.Exists(_folder), Is.False);
        });
        Directory.CreateDirectory(_folder);
    }
}
