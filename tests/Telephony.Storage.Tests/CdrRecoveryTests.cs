using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Telephony.Calls.Cdr;
using Telephony.Storage.Cdr;
using Telephony.Storage.Sqlite;

namespace Telephony.Storage.Tests;

/// <summary>
/// A call's row from its start to its end, and the rows a dead server left open (issue 15, item 6):
/// closed as interrupted at the owner's last sign of life, only when that owner is gone (stopped,
/// process dead, heartbeat stale), never a live server's on the same data folder.
/// </summary>
public class CdrRecoveryTests
{
    private static readonly DateTimeOffset Started = new(2026, 12, 3, 8, 0, 0, 125, TimeSpan.Zero);
    private string _folder = null!;

    [SetUp]
    public void SetUp() => _folder = Path.Combine(Path.GetTempPath(), "cdr-recovery-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void TearDown()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static CallDetailRecord Intent(string callId) => new(
        callId, "sip:alice@example.com", "sip:ivr@example.com", Started, null, Started,
        CallEndedBy.System, CallDetailRecord.InProgress, null, string.Empty, null);

    private static CallDetailRecord Answered(string callId) =>
        Intent(callId) with { AnsweredAt = Started.AddSeconds(1), EndedAt = Started.AddSeconds(1), SipStatus = 200, Codec = "PCMU" };

    private static void Sql(SqliteDatabase db, string sql, object? args = null)
    {
        using var connection = db.Connect();
        Dapper.SqlMapper.Execute(connection, sql, args);
    }

    /// <summary>A store that "dies" with its calls up: its rows durable and open, its owner never marked stopped, last alive at <paramref name="lastAlive"/>.</summary>
    private static async Task<string> CrashedStoreAsync(SqliteDatabase db, DateTimeOffset lastAlive, params string[] callIds)
    {
        var store = new SqliteCdrStore(db);
        foreach (var id in callIds)
        {
            await store.OpenAsync(Intent(id));
            store.Progress(Answered(id));
        }

        await store.DisposeAsync();
        Sql(db, "UPDATE cdr_instance SET stopped_at = NULL, heartbeat_at = @at WHERE id = @id", new { id = store.Owner, at = lastAlive.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture) });
        return store.Owner;
    }

    [Test]
    public async Task An_inbound_call_has_its_row_from_the_start_updated_when_answered_and_completed_in_place()
    {
        var db = SqliteDatabase.Open(_folder);
        await using (var store = new SqliteCdrStore(db))
        {
            await store.OpenAsync(Intent("in-1"));
            var opened = SqliteCdrStore.List(db, 10).Single();
            Assert.That((opened.Cause, opened.AnsweredAt, opened.IsInProgress), Is.EqualTo((CallDetailRecord.InProgress, (DateTimeOffset?)null, true)));

            store.Progress(Answered("in-1"));
            await store.OpenAsync(Intent("flush")); // queued after the progress: done once this is durable
            var answered = SqliteCdrStore.List(db, 10).Single(r => r.CallId == "in-1");
            Assert.That((answered.Cause, answered.AnsweredAt, answered.SipStatus, answered.Codec), Is.EqualTo((CallDetailRecord.InProgress, (DateTimeOffset?)Started.AddSeconds(1), (int?)200, "PCMU")));

            store.Write(Answered("in-1") with { EndedAt = Started.AddSeconds(9), EndedBy = CallEndedBy.Caller, Cause = "BYE", Digits = "42" });
        }

        var rows = SqliteCdrStore.List(db, 10).Where(r => r.CallId == "in-1").ToList();
        Assert.That(rows, Has.Count.EqualTo(1), "completed in place, not a second row");
        Assert.That((rows[0].Cause, rows[0].EndedBy, rows[0].EndedAt, rows[0].Digits, rows[0].IsInProgress), Is.EqualTo(("BYE", "caller", Started.AddSeconds(9), "42", false)));
    }

    [Test]
    public async Task Rows_of_an_owner_whose_process_is_gone_are_closed_at_its_last_heartbeat()
    {
        var db = SqliteDatabase.Open(_folder);
        var lastAlive = Started.AddSeconds(30);
        await CrashedStoreAsync(db, lastAlive, "a", "b");
        var logged = new List<string>();

        // Heartbeat fresh (a kill -9 a moment ago), but the process is gone: closed at once.
        var now = new FakeTimeProvider(lastAlive.AddSeconds(2));
        await using (new SqliteCdrStore(db, logged.Add, new CdrStoreOptions { Time = now, IsRunning = _ => false }))
        {
        }

        var rows = SqliteCdrStore.List(db, 10);
        Assert.Multiple(() =>
        {
            Assert.That(rows.Select(r => (r.CallId, r.Cause, r.EndedBy)), Is.EquivalentTo(new[] { ("a", "interrupted", "system"), ("b", "interrupted", "system") }));
            Assert.That(rows.Select(r => r.EndedAt), Is.All.EqualTo(lastAlive), "ended when the server was last known alive");
            Assert.That(rows.Select(r => r.AnsweredAt), Is.All.EqualTo(Started.AddSeconds(1)), "the answer written while the call was up is kept");
            Assert.That(logged, Has.Some.Contain("CDR: 2 call leg(s) left in progress by a previous run recorded as interrupted"));
        });
    }

    [Test]
    public async Task A_row_is_never_closed_before_its_own_last_write()
    {
        var db = SqliteDatabase.Open(_folder);

        // The owner's heartbeat predates the answer (the beat interval): the answer is the later sign of life.
        await CrashedStoreAsync(db, Started.AddMilliseconds(500), "a");
        await using (new SqliteCdrStore(db, options: new CdrStoreOptions { IsRunning = _ => false }))
        {
        }

        Assert.That(SqliteCdrStore.List(db, 1).Single().EndedAt, Is.EqualTo(Started.AddSeconds(1)));
    }

    [Test]
    public async Task A_live_server_on_the_same_data_folder_keeps_its_rows_open()
    {
        var db = SqliteDatabase.Open(_folder);
        await using var first = new SqliteCdrStore(db);
        await first.OpenAsync(Intent("up"));

        // A second server starts on the folder: the first one's process runs and beats.
        await using (new SqliteCdrStore(db))
        {
        }

        Assert.That(SqliteCdrStore.List(db, 1).Single().Cause, Is.EqualTo(CallDetailRecord.InProgress), "a live server's call is not interrupted");
        first.Write(Answered("up") with { Cause = "BYE", EndedBy = CallEndedBy.Caller, EndedAt = Started.AddSeconds(5) });
        await first.OpenAsync(Intent("flush"));
        Assert.That(SqliteCdrStore.List(db, 10).Single(r => r.CallId == "up").Cause, Is.EqualTo("BYE"), "its owner completes it");
    }

    [Test]
    public async Task A_stale_heartbeat_means_the_owner_is_gone_even_where_its_process_cannot_be_checked()
    {
        var db = SqliteDatabase.Open(_folder);
        var lastAlive = Started.AddSeconds(10);
        await CrashedStoreAsync(db, lastAlive, "a");

        // Within StaleAfter of the last beat, on a host we cannot check: alive.
        await using (new SqliteCdrStore(db, options: new CdrStoreOptions { Time = new FakeTimeProvider(lastAlive.AddSeconds(29)), IsRunning = _ => true }))
        {
        }

        Assert.That(SqliteCdrStore.List(db, 1).Single().Cause, Is.EqualTo(CallDetailRecord.InProgress));

        // Past StaleAfter: gone.
        await using (new SqliteCdrStore(db, options: new CdrStoreOptions { Time = new FakeTimeProvider(lastAlive.AddSeconds(31)), IsRunning = _ => true }))
        {
        }

        var row = SqliteCdrStore.List(db, 1).Single();
        Assert.That((row.Cause, row.EndedAt), Is.EqualTo(("interrupted", lastAlive)));
    }

    [Test]
    public async Task A_running_server_closes_the_rows_of_another_that_died_at_its_next_heartbeat()
    {
        var db = SqliteDatabase.Open(_folder);
        var time = new FakeTimeProvider(Started);
        var otherRunning = true;
        var owner = await CrashedStoreAsync(db, Started, "theirs");
        await using var store = new SqliteCdrStore(db, options: new CdrStoreOptions { Time = time, IsRunning = _ => otherRunning, HeartbeatInterval = TimeSpan.FromSeconds(5) });
        Assert.That(SqliteCdrStore.List(db, 1).Single().Cause, Is.EqualTo(CallDetailRecord.InProgress));

        otherRunning = false;
        for (var i = 0; i < 200 && SqliteCdrStore.List(db, 1).Single().IsInProgress; i++)
        {
            time.Advance(TimeSpan.FromSeconds(5));
            await Task.Delay(20);
        }

        Assert.That(SqliteCdrStore.List(db, 1).Single().Cause, Is.EqualTo("interrupted"));
        using var connection = db.Connect();
        Assert.That(Dapper.SqlMapper.ExecuteScalar<long>(connection, "SELECT COUNT(*) FROM cdr_instance WHERE id = @owner", new { owner }), Is.Zero, "a dead owner's entry goes with its rows");
    }

    [Test]
    public async Task Rows_opened_before_owners_were_recorded_are_closed_at_the_next_start()
    {
        var db = SqliteDatabase.Open(_folder);
        Sql(db, """
            INSERT INTO cdr (call_id, from_uri, to_uri, started_at, ended_at, ended_by, cause, digits, direction, open)
            VALUES ('legacy', 'sip:a@x', 'sip:b@x', '2026-12-03T08:00:00.000Z', '2026-12-03T08:00:00.000Z', 'system', 'in-progress', '', 'outbound', 1)
            """);
        await using (new SqliteCdrStore(db))
        {
        }

        Assert.That(SqliteCdrStore.List(db, 1).Single().Cause, Is.EqualTo("interrupted"));
    }

    [Test]
    public async Task A_rejected_invite_reusing_the_call_id_of_a_call_in_progress_is_a_row_of_its_own()
    {
        var db = SqliteDatabase.Open(_folder);
        await using (var store = new SqliteCdrStore(db))
        {
            await store.OpenAsync(Intent("dup"));
            store.Write(Intent("dup") with { StartedAt = Started.AddSeconds(2), EndedAt = Started.AddSeconds(2), EndedBy = CallEndedBy.Server, Cause = "busy", SipStatus = 486 });
            store.Write(Answered("dup") with { Cause = "BYE", EndedBy = CallEndedBy.Caller, EndedAt = Started.AddSeconds(9) });
        }

        Assert.That(SqliteCdrStore.List(db, 10).Select(r => (r.Cause, r.SipStatus)), Is.EquivalentTo(new[] { ("busy", (int?)486), ("BYE", (int?)200) }));
    }
}
