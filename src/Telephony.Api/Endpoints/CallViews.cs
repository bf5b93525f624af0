using Telephony.Api.Contracts;
using Telephony.Calls.Cdr;
using Telephony.Calls.Control;
using Telephony.Calls.Speech;

namespace Telephony.Api.Endpoints;

/// <summary>Calls' own records turned into the contract's JSON shapes.</summary>
internal static class CallViews
{
    public static CallView Live(CallSnapshot s) => new(
        s.CallId,
        Direction(s.Direction),
        State(s.State),
        s.From,
        s.To,
        s.StartedAt,
        s.AnsweredAt,
        s.Codec,
        s.Flow,
        s.Step,
        s.PeerCallId,
        s.Trunk,
        Quality(s.Quality),
        s.PeerCallId is { } peer ? [s.CallId, peer] : [s.CallId]);

    public static CallView Ended(CallDetailRecord r) => new(
        r.CallId,
        Direction(r.Direction),
        r.IsInProgress ? CallDetailRecord.InProgress : "ended",
        r.From,
        r.To,
        r.StartedAt,
        r.AnsweredAt,
        r.Codec,
        r.Flow,
        null,
        r.PeerCallId,
        null,
        Quality(r.Quality),
        r.PeerCallId is { } peer ? [r.CallId, peer] : [r.CallId],
        r.IsInProgress ? null : r.EndedAt,
        r.Cause,
        r.SipStatus,
        r.IsInProgress ? null : r.EndedBy);

    public static CdrView Cdr(CallDetailRecord r) => new(
        r.CallId,
        r.From,
        r.To,
        r.StartedAt,
        r.AnsweredAt,
        r.IsInProgress ? null : r.EndedAt,
        r.IsInProgress ? null : r.EndedBy,
        r.Cause,
        r.SipStatus,
        r.Digits,
        r.Codec,
        r.Quality is { } q ? Math.Round(q.JitterMs, 2) : null,
        r.Quality is { } l ? Math.Round(l.LossPercent, 2) : null,
        r.Quality is { } m ? Math.Round(m.Mos, 2) : null,
        r.Quality?.PacketsReceived,
        r.Recording,
        r.Flow,
        Direction(r.Direction),
        r.PeerCallId);

    public static TranscriptView Transcript(TranscriptRecord t) => new(
        t.Turn,
        t.Outcome,
        t.Text,
        Math.Round(t.Confidence, 3),
        t.Engine,
        t.Language,
        t.Timings.SpeechStarted,
        t.Timings.SpeechEnded,
        t.Timings.VadEnded,
        t.Timings.Recognized,
        t.Timings.Decided,
        t.Timings.ReplyStarted,
        Math.Round(t.Timings.SpeechLength.TotalMilliseconds, 1),
        Math.Round(t.Timings.RecognitionTime.TotalMilliseconds, 1));

    public static string Direction(CallDirection d) => d == CallDirection.Outbound ? "outbound" : "inbound";

    public static string State(CallState s) => s switch
    {
        CallState.Setup => "setup",
        CallState.Ringing => "ringing",
        CallState.Answered => "answered",
        CallState.Bridged => "bridged",
        _ => "ended",
    };

    private static QualityView? Quality(CallQuality? q) =>
        q is null ? null : new QualityView(Math.Round(q.JitterMs, 2), Math.Round(q.LossPercent, 2), Math.Round(q.Mos, 2), q.PacketsReceived);
}
