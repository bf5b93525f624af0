using Microsoft.Data.Sqlite;
using Telephony.Calls.Speech;
using Telephony.Storage.Sqlite;
using Telephony.Storage.Transcripts;

namespace Telephony.Storage.Tests;

/// <summary>Speech turns in a real SQLite file: written in the background, read back per call with their timings.</summary>
public class SqliteTranscriptStoreTests
{
    [Test]
    public async Task Turns_are_stored_and_read_back_per_call_in_order()
    {
        var folder = Path.Combine(Path.GetTempPath(), "transcripts-" + Guid.NewGuid().ToString("N"));
        try
        {
            var db = SqliteDatabase.Open(folder);
            var start = new DateTimeOffset(2026, 12, 3, 12, 0, 0, 250, TimeSpan.Zero);
            var timings = new SpeechTurnTimings(start, start.AddMilliseconds(900), start.AddMilliseconds(1210), start.AddMilliseconds(1240), TimeSpan.FromMilliseconds(900), TimeSpan.FromMilliseconds(31));
            await using (var store = new SqliteTranscriptStore(db))
            {
                store.Write(new TranscriptRecord("call-a", 2, "nomatch", string.Empty, 0.1, "pocketsphinx+silero", "en-US", new SpeechTurnTimings()));
                store.Write(new TranscriptRecord("call-b", 1, "recognized", "sales", 0.8, "pocketsphinx+silero", "en-US", timings));
                store.Write(new TranscriptRecord("call-a", 1, "recognized", "billing", 0.93, "pocketsphinx+silero", "en-US", timings));
            }

            var a = SqliteTranscriptStore.ForCall(db, "call-a");
            Assert.Multiple(() =>
            {
                Assert.That(a.Select(t => (t.Turn, t.Text, t.Outcome)), Is.EqualTo(new[] { (1, "billing", "recognized"), (2, "", "nomatch") }));
                Assert.That(a[0].Timings, Is.EqualTo(timings), "every timing survives the round trip to the millisecond");
                Assert.That(a[1].Timings.SpeechStarted, Is.Null);
                Assert.That(a[0].Confidence, Is.EqualTo(0.93).Within(1e-9));
                Assert.That(SqliteTranscriptStore.ForCall(db, "call-b").Single().Text, Is.EqualTo("sales"));
            });
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
    [Test]
    public async Task A_turns_decision_and_reply_arrive_as_updates_of_its_row_relative_to_the_speech_end()
    {
        var folder = Path.Combine(Path.GetTempPath(), "transcripts-" + Guid.NewGuid().ToString("N"));
        try
        {
            var db = SqliteDatabase.Open(folder);
            var start = new DateTimeOffset(2026, 12, 4, 9, 30, 0, 100, TimeSpan.Zero);
            var ended = start.AddMilliseconds(800);
            var timings = new SpeechTurnTimings(start, ended, ended.AddMilliseconds(320), ended.AddMilliseconds(345), TimeSpan.FromMilliseconds(800), TimeSpan.FromMilliseconds(25));
            await using (var store = new SqliteTranscriptStore(db))
            {
                store.Write(new TranscriptRecord("call-c", 1, "recognized", "seven", 0.9, "pocketsphinx+silero", "en-US", timings));
                store.Write(new TranscriptRecord("call-c", 2, "noinput", string.Empty, 0, "pocketsphinx+silero", "en-US", new SpeechTurnTimings()));

                // The decision and the reply come separately, each setting only its own column.
                store.Update(new TranscriptFollowUp("call-c", 1, ended, ended.AddMilliseconds(347), null));
                store.Update(new TranscriptFollowUp("call-c", 1, ended, null, ended.AddMilliseconds(361)));
                store.Update(new TranscriptFollowUp("call-other", 1, ended, ended.AddMilliseconds(5), null));
            }

            var turns = await new SqliteTranscriptSearch(db).ForCallAsync("call-c");
            using var connection = db.Connect();
            var stored = Dapper.SqlMapper.Query<(long Turn, long? Decided, long? Reply)>(connection,
                "SELECT turn, decided_ms, reply_first_packet_ms FROM transcripts WHERE call_id = 'call-c' ORDER BY turn").ToList();
            Assert.Multiple(() =>
            {
                Assert.That(stored, Is.EqualTo(new[] { (1L, (long?)347, (long?)361), (2L, (long?)null, (long?)null) }), "milliseconds after the speech end; a turn without speech keeps none");
                Assert.That(turns.Select(t => t.Turn), Is.EqualTo(new[] { 1, 2 }));
                Assert.That(turns[0].Timings.Decided, Is.EqualTo(ended.AddMilliseconds(347)));
                Assert.That(turns[0].Timings.ReplyStarted, Is.EqualTo(ended.AddMilliseconds(361)));
                Assert.That(turns[0].Timings with { Decided = null, ReplyStarted = null }, Is.EqualTo(timings), "the rest of the row is untouched");
                Assert.That(turns[1].Timings.Decided, Is.Null);
                Assert.That(SqliteTranscriptStore.ForCall(db, "call-other"), Is.Empty, "an update finds no row to invent");
            });
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
