namespace Telephony.Calls.Speech;

/// <summary>Where each speech turn of a call goes (the <c>transcripts</c> table in Telephony.Storage).</summary>
public interface ITranscriptSink
{
    /// <summary>Queues a turn's record; never blocks the call on I/O.</summary>
    void Write(TranscriptRecord record);

    /// <summary>
    /// Queues what happened after a turn's answer, an update of its record written earlier (queued
    /// after it, so applied after it); never blocks. A sink that keeps no breakdown ignores it.
    /// </summary>
    void Update(TranscriptFollowUp followUp)
    {
    }
}

/// <summary>The end of a turn's latency breakdown, known only after its record was written.</summary>
/// <param name="CallId">The call's SIP Call-ID.</param>
/// <param name="Turn">The turn's number in <see cref="TranscriptRecord.Turn"/>.</param>
/// <param name="SpeechEnded">The turn's speech end, what the stored figures are relative to.</param>
/// <param name="Decided">When the flow decided on the answer; null when this update does not say.</param>
/// <param name="ReplyStarted">When the reply's first RTP packet left; null when this update does not say.</param>
public sealed record TranscriptFollowUp(string CallId, int Turn, DateTimeOffset SpeechEnded, DateTimeOffset? Decided, DateTimeOffset? ReplyStarted);

/// <summary>One turn of a call as stored: what was heard, by which engine, and where the time went.</summary>
/// <param name="CallId">The call's SIP Call-ID.</param>
/// <param name="Turn">1 for the call's first turn, then counting.</param>
/// <param name="Outcome">recognized, nomatch, noinput, digit, callended, unavailable.</param>
/// <param name="Text">The words recognised ('' when none).</param>
/// <param name="Confidence">0..1.</param>
/// <param name="Engine">Recogniser and detector, e.g. <c>pocketsphinx+silero</c>.</param>
/// <param name="Language">The recognition language.</param>
/// <param name="Timings">Speech start and end, the detector's and the recogniser's decisions; the flow's decision and the reply's first packet once updated.</param>
public sealed record TranscriptRecord(string CallId, int Turn, string Outcome, string Text, double Confidence, string Engine, string Language, SpeechTurnTimings Timings);
