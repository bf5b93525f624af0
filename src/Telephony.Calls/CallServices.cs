using Telephony.Calls.Cdr;
using Telephony.Calls.Prompts;
using Telephony.Media.Clock;
using Telephony.Media.Rtp;

namespace Telephony.Calls;

/// <summary>What every call uses and nothing call-specific: shared by all calls of a server.</summary>
/// <param name="Log">Warnings and errors (always shown).</param>
/// <param name="CallLog">One line per call event (set-up, hold, hang-up reasons); null when the operator asked for quiet.</param>
/// <param name="RecordingFolder">When set, every answered call is recorded there (WAV, see <paramref name="RecordingChannels"/>), one folder per day.</param>
/// <param name="RecordingChannels">Stereo (caller left, server right) or both sides mixed to mono.</param>
/// <param name="RtpTimeoutSeconds">Hang up after this long without RTP from the caller (not while on hold); 0 never.</param>
/// <param name="TonePlan">How ringback, busy and congestion sound to callers; null for the ITU/European plan.</param>
/// <param name="Events">Where legs publish what happens to them (call.started ... call.ended); null when nobody listens.</param>
/// <param name="MediaBridges">Relays media between bridged legs; null joins bridges in signalling only.</param>
/// <param name="Admission">The inbound call limits (overall and per source); null admits every INVITE.</param>
/// <param name="Speech">The engines speech turns listen with; null when the server runs without speech (turns are not offered).</param>
/// <param name="Transcripts">Where each speech turn is recorded; null keeps none.</param>
/// <param name="StepRecordingFolder">Where a flow's recordings (voicemail, <see cref="ICall.RecordAsync"/>) go, one folder per day; null: calls cannot record.</param>
/// <param name="MaxRecording">The server's cap on one recording; null for <see cref="Recording.RecordingOptions.ServerCap"/>.</param>
/// <param name="SpeechWorkers">Where speech turns run their detector and recogniser (the server's bounded pool); null uses the .NET thread pool (tests).</param>
public sealed record CallServices(
    PromptLibrary Prompts,
    MediaClock Clock,
    RtpSocketPool Sockets,
    ICdrSink Cdrs,
    TimeProvider Time,
    Action<string>? Log,
    int RtpTimeoutSeconds = 30,
    Action<string>? CallLog = null,
    string? RecordingFolder = null,
    Telephony.Media.Tones.TonePlan? TonePlan = null,
    Telephony.Media.Recording.RecordingChannels RecordingChannels = Telephony.Media.Recording.RecordingChannels.Stereo,
    Events.ICallEventSink? Events = null,
    Bridging.IMediaBridgeFactory? MediaBridges = null,
    Screening.CallAdmission? Admission = null,
    Speech.ICallSpeechEngines? Speech = null,
    Speech.ITranscriptSink? Transcripts = null,
    string? StepRecordingFolder = null,
    TimeSpan? MaxRecording = null,
    Speech.ISpeechWorkers? SpeechWorkers = null);
