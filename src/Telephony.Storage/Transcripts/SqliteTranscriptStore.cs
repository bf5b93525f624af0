using System.Globalization;
using System.Threading.Channels;
using Dapper;
using Telephony.Calls.Speech;
using Telephony.Storage.Sqlite;

namespace Telephony.Storage.Transcripts;

/// <summary>
/// Speech turns in SQLite (<c>transcripts</c>, one row per turn): queued by calls, written by one
/// background task in batches, read by call. The queue is bounded (a burst beyond it is counted in
/// <see cref="Dropped"/> and logged, never an unbounded backlog); dispose drains it.
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

    private readonly SqliteDatabase _db;
    private readonly Action<string>? _log;
    private readonly Channel<TranscriptRecord> _queue = Channel.CreateBounded<TranscriptRecord>(
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
        if (!_queue.Writer.TryWrite(record) && Interlocked.Increment(ref _dropped) == 1)
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
        var batch = new List<TranscriptRecord>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < 500 && _queue.Reader.TryRead(out var record))
            {
                batch.Add(record);
            }

            try
            {
                using var connection = _db.Connect();
                using var tx = connection.BeginTransaction();
                connection.Execute(InsertSql, batch.Select(Parameters), tx);
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

        public TranscriptRecord ToRecord() => new(
            call_id, (int)turn, outcome, text, confidence, engine, language,
            new SpeechTurnTimings(Parse(speech_started_at), Parse(speech_ended_at), Parse(vad_ended_at), Parse(recognized_at),
                TimeSpan.FromMilliseconds(speech_ms), TimeSpan.FromMilliseconds(recognition_ms)));

        private static DateTimeOffset? Parse(string? at) =>
            at is null ? null : DateTimeOffset.Parse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
    }
}
