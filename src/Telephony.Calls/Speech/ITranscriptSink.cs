namespace Telephony.Calls.Speech;

/// <summary>Where each speech turn of a call goes (the <c>transcripts</c> table in Telephony.Storage).</summary>
public interface ITranscriptSink
{
    /// <summary>Queues a turn's record; never blocks the call on I/O.</summary>
    void Write(TranscriptRecord record);
}

/// <summary>One turn of a call as stored: what was heard, by which engine, and where the time went.</summary>
/// <param name="CallId">The call's SIP Call-ID.</param>
/// <param name="Turn">1 for the call's first turn, then counting.</param>
/// <param name="Outcome">recognized, nomatch, noinput, digit, callended, unavailable.</param>
/// <param name="Text">The words recognised ('' when none).</param>
/// <param name="Confidence">0..1.</param>
/// <param name="Engine">Recogniser and detector, e.g. <c>pocketsphinx+silero</c>.</param>
/// <param name="Language">The recognition language.</param>
/// <param name="Timings">Speech start and end, the detector's and the recogniser's decisions.</param>
public sealed record TranscriptRecord(string CallId, int Turn, string Outcome, string Text, double Confidence, string Engine, string Language, SpeechTurnTimings Timings);
