using Microsoft.Data.Sqlite;
using Telephony.Calls.Cdr;
using Telephony.Storage.Cdr;
using Telephony.Storage.Sqlite;

namespace Telephony.Storage.Tests;

/// <summary>CDR search on a real SQLite file: filters as bound parameters, newest first, stable cursors.</summary>
public class SqliteCdrSearchTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private string _folder = null!;
    private SqliteDatabase _db = null!;

    [SetUp]
    public async Task SetUp()
    {
        _folder = Path.Combine(Path.GetTempPath(), "cdr-search-" + Guid.NewGuid().ToString("N"));
        _db = SqliteDatabase.Open(_folder);
        await using var store = new SqliteCdrStore(_db);
        for (var i = 0; i < 12; i++)
        {
            store.Write(new CallDetailRecord($"call-{i}", i < 6 ? "sip:+4930111@pbx" : "sip:+4940222@pbx", "sip:ivr@host", T0.AddMinutes(i), null,
                T0.AddMinutes(i).AddSeconds(20), CallEndedBy.Caller, i % 3 == 0 ? "busy" : "BYE", i % 3 == 0 ? 486 : 200, string.Empty, "PCMA",
                Flow: i % 2 == 0 ? "bank/main: hangup normal at main/bye" : null));
        }

        // A second record for call-3 (a retried CDR write of the same leg would look like this).
        store.Write(new CallDetailRecord("call-3", "sip:+4930111@pbx", "sip:ivr@host", T0.AddMinutes(3), null, T0.AddMinutes(4), CallEndedBy.System, "no-ack", 200, string.Empty, null));
    }

    [TearDown]
    public void TearDown()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task Pages_follow_each_other_without_gaps_or_repeats_even_while_rows_are_added()
    {
        var search = new SqliteCdrSearch(_db);
        var first = await search.SearchAsync(new CdrQuery(Limit: 5));

        // A call ending between pages lands on top, not in the middle of the next page.
        await using (var store = new SqliteCdrStore(_db))
        {
            store.Write(new CallDetailRecord("late", "sip:x@y", "sip:ivr@host", T0.AddHours(1), null, T0.AddHours(1), CallEndedBy.Caller, "BYE", 200, string.Empty, null));
        }

        var second = await search.SearchAsync(new CdrQuery(Limit: 5, Before: first.NextCursor));
        var third = await search.SearchAsync(new CdrQuery(Limit: 5, Before: second.NextCursor));
        var ids = first.Records.Concat(second.Records).Concat(third.Records).Select(r => r.CallId).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(ids, Is.EqualTo(new[] { "call-3" }.Concat(Enumerable.Range(0, 12).Reverse().Select(i => $"call-{i}"))));
            Assert.That(third.NextCursor, Is.Null);
            Assert.That(first.NextCursor, Is.Not.Null);
        });
    }

    [Test]
    public async Task Filters_combine()
    {
        var search = new SqliteCdrSearch(_db);
        var busy = await search.SearchAsync(new CdrQuery(Cause: "busy", Number: "4940"));
        var window = await search.SearchAsync(new CdrQuery(StartedFrom: T0.AddMinutes(2), StartedBefore: T0.AddMinutes(5), Flow: "bank"));
        Assert.Multiple(() =>
        {
            Assert.That(busy.Records.Select(r => r.CallId), Is.EqualTo(new[] { "call-9", "call-6" }));
            Assert.That(window.Records.Select(r => r.CallId), Is.EqualTo(new[] { "call-4", "call-2" }));
        });
    }

    [Test]
    public async Task Find_returns_the_newest_record_of_a_leg_or_null()
    {
        var search = new SqliteCdrSearch(_db);
        Assert.Multiple(async () =>
        {
            Assert.That((await search.FindAsync("call-3"))?.Cause, Is.EqualTo("no-ack"));
            Assert.That((await search.FindAsync("call-11"))?.Cause, Is.EqualTo("BYE"));
            Assert.That(await search.FindAsync("nobody"), Is.Null);
        });
    }

    [Test]
    public void Page_sizes_outside_1_to_500_are_refused()
    {
        var search = new SqliteCdrSearch(_db);
        Assert.Multiple(() =>
        {
            Assert.That(() => search.SearchAsync(new CdrQuery(Limit: 0)), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => search.SearchAsync(new CdrQuery(Limit: 501)), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }

    [Test]
    public async Task Text_filters_are_parameters_not_sql()
    {
        var search = new SqliteCdrSearch(_db);
        var page = await search.SearchAsync(new CdrQuery(Cause: "busy' OR '1'='1", Number: "%' OR 1=1 --"));
        Assert.Multiple(() =>
        {
            Assert.That(page.Records, Is.Empty);
            Assert.That(SqliteCdrStore.Count(_db), Is.EqualTo(13), "nothing was changed either");
        });
    }
}
