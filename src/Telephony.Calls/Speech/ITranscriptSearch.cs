namespace Telephony.Calls.Speech;

/// <summary>Reads the speech turns stored for a call (the API's call detail); implemented by Telephony.Storage.</summary>
public interface ITranscriptSearch
{
    /// <summary>The call's turns in order (empty when none were stored, or not yet: rows are written in the background).</summary>
    Task<IReadOnlyList<TranscriptRecord>> ForCallAsync(string callId, CancellationToken cancel = default);
}
