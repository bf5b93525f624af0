using System.Globalization;
using System.Threading.Channels;
using Dapper;
using Telephony.Calls.Speech;
using Telephony.Storage.Sqlite;

namespace Telephony.Storage.Transcripts;

/// <summary>
/// Speech turns in SQLite (<c>transcripts</c>, one row per turn): queued by calls, written by one
/// background task in batches, read by call. The queue is bounded (a burst beyond it is counted in
/// <see cref="Dropped"/> and logged, never an unbounded backlog); dispose drains it. A turn's
/// follow-up (the flow's decision, the reply's first packet: migration 8) goes through the same
/// queue as an update of its row, so it is applied after the row's insert, in the same order.
/// </summary>
public sealed class SqliteTranscriptStore : ITranscriptSink, IAsyncDisposable
{
    private const int QueueLimit = 10_000;

    private const string InsertSql = """
        INSERT INTO transcripts (call_id, turn, outcome, text, confidence, engine, language, speech_started_at, speech_ended_at,
            vad_ended_at, recognized_at, speech_ms, recognition_ms)
        VALUES (@CallId, @Turn, @Outcome, @Text, @Confidence, @Engine, @Language, @SpeechStartedAt, @SpeechEndedAt,
            @VadEndedAt, @RecognizedAt, @SpeechMs, @RecognitionMs)
        """;

    // Each set only when the update says it: the decision and the reply arrive in separate updates.
    private const string UpdateSql = """
        UPDATE transcripts SET
            decided_ms = COALESCE(@DecidedMs, decided_ms),
            reply_first_packet_ms = COALESCE(@ReplyMs, reply_first_packet_ms)
        WHERE call_id = @CallId AND turn = @Turn
        """;

    private readonly SqliteDatabase _db;
    private readonly Action<string>? _log;
    private readonly Channel<Entry> _queue = Channel.CreateBounded<Entry>(
        new BoundedChannelOptions(QueueLimit) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Task _writer;
    private long _dropped;

    public SqliteTranscriptStore(SqliteDatabase db, Action<string>? log = null)
    {
        _db = db;
        _log = log;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Turns not stored because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void Write(TranscriptRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Queue(new Entry(record, null));
    }

    public void Update(TranscriptFollowUp followUp)
    {
        ArgumentNullException.ThrowIfNull(followUp);
        Queue(new Entry(null, followUp));
    }

    private void Queue(Entry entry)
    {
        if (!_queue.Writer.TryWrite(entry) && Interlocked.Increment(ref _dropped) == 1)
        {
            _log?.Invoke($"transcripts: queue full ({QueueLimit} turns waiting): turns are being dropped");
        }
    }

    /// <summary>The turns of one call, in order.</summary>
    public static IReadOnlyList<TranscriptRecord> ForCall(SqliteDatabase db, string callId)
    {
        using var connection = db.Connect();
        return [.. connection.Query<Row>("SELECT * FROM transcripts WHERE call_id = @callId ORDER BY turn, id", new { callId }).Select(r => r.ToRecord())];
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Entry>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < 500 && _queue.Reader.TryRead(out var queued))
            {
                batch.Add(queued);
            }

            try
            {
                using var connection = _db.Connect();
                using var tx = connection.BeginTransaction();
                foreach (var entry in batch)
                {
                    if (entry.Record is { } record)
                    {
                        connection.Execute(InsertSql, Parameters(record), tx);
                    }
                    else if (entry.FollowUp is { } followUp)
                    {
                        connection.Execute(UpdateSql, Parameters(followUp), tx);
                    }
                }

                tx.Commit();
                batch.Clear();
            }
            catch (Microsoft.Data.Sqlite.SqliteException e)
            {
                // Kept for the next round: a busy or full disk must not lose turns already queued.
                _log?.Invoke($"transcripts: write failed, retrying: {e.Message}");
                await Task.Delay(500);
            }
        }
    }

    /// <summary>One queued write: a turn's row or a follow-up of it.</summary>
    private readonly record struct Entry(TranscriptRecord? Record, TranscriptFollowUp? FollowUp);

    private static object Parameters(TranscriptRecord r) => new
    {
        r.CallId,
        r.Turn,
        r.Outcome,
        r.Text,
        r.Confidence,
        r.Engine,
        r.Language,
        SpeechStartedAt = Iso(r.Timings.SpeechStarted),
        SpeechEndedAt = Iso(r.Timings.SpeechEnded),
        VadEndedAt = Iso(r.Timings.VadEnded),
        RecognizedAt = Iso(r.Timings.Recognized),
        SpeechMs = (long)r.Timings.SpeechLength.TotalMilliseconds,
        RecognitionMs = (long)r.Timings.RecognitionTime.TotalMilliseconds,
    };

    private static object Parameters(TranscriptFollowUp f) => new
    {
        f.CallId,
        f.Turn,
        DecidedMs = After(f.SpeechEnded, f.Decided),
        ReplyMs = After(f.SpeechEnded, f.ReplyStarted),
    };

    /// <summary>Whole milliseconds from the speech end (rounded: the clocks read are millisecond-true at best).</summary>
    private static long? After(DateTimeOffset speechEnded, DateTimeOffset? at) =>
        at is { } point ? (long)Math.Round((point - speechEnded).TotalMilliseconds) : null;

    private static string? Iso(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }

    private sealed class Row
    {
        public string call_id { get; set; } = string.Empty;

        public long turn { get; set; }

        public string outcome { get; set; } = string.Empty;

        public string text { get; set; } = string.Empty;

        public double confidence { get; set; }

        public string engine { get; set; } = string.Empty;

        public string language { get; set; } = string.Empty;

        public string? speech_started_at { get; set; }

        public string? speech_ended_at { get; set; }

        public string? vad_ended_at { get; set; }

        public string? recognized_at { get; set; }

        public long speech_ms { get; set; }

        public long recognition_ms { get; set; }

        public long? decided_ms { get; set; }

        public long? reply_first_packet_ms { get; set; }

        public TranscriptRecord ToRecord()
        {
            var ended = Parse(speech_ended_at);
            return new(
                call_id, (int)turn, outcome, text, confidence, engine, language,
                new SpeechTurnTimings(Parse(speech_started_at), ended, Parse(vad_ended_at), Parse(recognized_at),
                    TimeSpan.FromMilliseconds(speech_ms), TimeSpan.FromMilliseconds(recognition_ms),
                    Later(ended, decided_ms), Later(ended, reply_first_packet_ms)));
        }

        private static DateTimeOffset? Later(DateTimeOffset? ended, long? ms) => ended is { } e && ms is { } m ? e.AddMilliseconds(m) : null;

        private static DateTimeOffset? Parse(string? at) =>
            at is null ? null : DateTimeOffset.Parse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
    }
}
