using Microsoft.Data.Sqlite;
using Telephony.Calls.Cdr;
using Telephony.Calls.Control;
using Telephony.Storage.Cdr;
using Telephony.Storage.Sqlite;

namespace Telephony.Storage.Tests;

/// <summary>Direction and peer of a leg, and the outbound leg's row written before its INVITE (the intent) and completed in place, on a real SQLite file.</summary>
public class OutboundCdrTests
{
    private string _folder = null!;

    [SetUp]
    public void SetUp() => _folder = Path.Combine(Path.GetTempPath(), "cdr-outbound-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void TearDown()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static readonly DateTimeOffset Started = new(2026, 12, 2, 6, 0, 0, 250, TimeSpan.Zero);

    private static CallDetailRecord Intent(string callId) => new(
        callId, "sip:+15550001@carrier.example", "sip:+15550002@carrier.example", Started, null, Started,
        CallEndedBy.System, "in-progress", null, string.Empty, null, Direction: CallDirection.Outbound);

    [Test]
    public async Task Direction_and_peer_call_id_come_back_as_written()
    {
        var db = SqliteDatabase.Open(_folder);
        await using (var store = new SqliteCdrStore(db))
        {
            store.Write(Intent("caller") with { Direction = CallDirection.Inbound, Cause = "transferred", PeerCallId = "agent" });
            store.Write(Intent("agent") with { Cause = "BYE", EndedBy = CallEndedBy.Callee, PeerCallId = "caller" });
        }

        var list = SqliteCdrStore.List(db, 10);

        Assert.Multiple(() =>
        {
            Assert.That(list.Select(r => (r.CallId, r.Direction, r.PeerCallId)), Is.EqualTo(new[]
            {
                ("agent", CallDirection.Outbound, "caller"),
                ("caller", CallDirection.Inbound, "agent"),
            }));
            Assert.That(list[0].EndedBy, Is.EqualTo("callee"));
        });
    }

    [Test]
    public async Task The_intent_is_durable_when_open_completes_and_the_final_record_replaces_it()
    {
        var db = SqliteDatabase.Open(_folder);
        await using (var store = new SqliteCdrStore(db))
        {
            await store.OpenAsync(Intent("out-1"));

            // Durable now, before any "INVITE": another connection sees the row.
            var seen = SqliteCdrStore.List(db, 10);
            Assert.That(seen.Select(r => (r.CallId, r.Cause)), Is.EqualTo(new[] { ("out-1", "in-progress") }));

            store.Write(Intent("out-1") with { Cause = "busy", SipStatus = 486, EndedAt = Started.AddSeconds(3), EndedBy = CallEndedBy.Callee });
        }

        var list = SqliteCdrStore.List(db, 10);
        Assert.Multiple(() =>
        {
            Assert.That(list, Has.Count.EqualTo(1), "completed in place, not a second row");
            Assert.That(list[0].Cause, Is.EqualTo("busy"));
            Assert.That(list[0].SipStatus, Is.EqualTo(486));
            Assert.That(list[0].EndedAt, Is.EqualTo(Started.AddSeconds(3)));
        });
    }

    [Test]
    public async Task A_row_left_open_by_a_crash_is_closed_as_interrupted_by_the_next_store()
    {
        var db = SqliteDatabase.Open(_folder);
        var crashed = new SqliteCdrStore(db);
        await crashed.OpenAsync(Intent("out-crash"));

        // The process "dies" here: the record is never completed. (The writer is drained so the file is closed cleanly.)
        await crashed.DisposeAsync();
        var logged = new List<string>();
        await using (new SqliteCdrStore(db, logged.Add))
        {
        }

        var row = SqliteCdrStore.List(db, 10).Single();
        Assert.Multiple(() =>
        {
            Assert.That(row.CallId, Is.EqualTo("out-crash"));
            Assert.That(row.Cause, Is.EqualTo("interrupted"));
            Assert.That(row.Direction, Is.EqualTo(CallDirection.Outbound));
            Assert.That(logged, Has.Some.Contain("1 call leg(s) left in progress"));
        });
    }

    [Test]
    public async Task An_inbound_record_with_the_call_id_of_an_open_outbound_row_is_a_row_of_its_own()
    {
        var db = SqliteDatabase.Open(_folder);
        await using (var store = new SqliteCdrStore(db))
        {
            await store.OpenAsync(Intent("same-id"));
            store.Write(Intent("same-id") with { Direction = CallDirection.Inbound, Cause = "BYE" });
        }

        var list = SqliteCdrStore.List(db, 10);
        Assert.That(list.Select(r => (r.Direction, r.Cause)), Is.EqualTo(new[] { (CallDirection.Inbound, "BYE"), (CallDirection.Outbound, "in-progress") }));
    }
}
