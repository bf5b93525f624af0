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
}
