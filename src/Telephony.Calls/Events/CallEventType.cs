namespace Telephony.Calls.Events;

/// <summary>The kinds of call events, as named on the wire (SSE <c>event:</c> field).</summary>
public static class CallEventType
{
    public const string Started = "call.started";
    public const string Ringing = "call.ringing";
    public const string Answered = "call.answered";
    public const string Dtmf = "call.dtmf";
    public const string Step = "call.step";
    public const string Transferred = "call.transferred";
    public const string Bridged = "call.bridged";
    public const string Ended = "call.ended";
    public const string SpeechStarted = "speech.started";
    public const string SpeechResult = "speech.result";
    public const string RecordingSaved = "recording.saved";
}
