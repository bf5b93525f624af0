using Telephony.Calls.Speech;
using Telephony.Storage.Sqlite;

namespace Telephony.Storage.Transcripts;

/// <summary>The <c>transcripts</c> table read per call, for the API (a read connection of its own per query).</summary>
public sealed class SqliteTranscriptSearch(SqliteDatabase db) : ITranscriptSearch
{
    public Task<IReadOnlyList<TranscriptRecord>> ForCallAsync(string callId, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(callId);
        cancel.ThrowIfCancellationRequested();
        return Task.FromResult(SqliteTranscriptStore.ForCall(db, callId));
    }
}
