using System.Net;
using System.Text;
using Telephony.Calls.Cdr;
using Telephony.Calls.Control;
using Telephony.Calls.Events;
using Telephony.Calls.Playback;
using Telephony.Calls.Signalling;
using Telephony.Media.Codecs;
using Telephony.Media.Rtp;
using Telephony.Sdp.Negotiation;
using Telephony.Sip.Dialogs;

namespace Telephony.Calls;

/// <summary>
/// One call leg, inbound or outbound: its signalling (<see cref="ICallSignalling"/>: the caller's
/// INVITE or ours, then the dialog) and its media (<see cref="RtpSession"/>).
/// </summary>
/// <remarks>
/// Split by feature: answering (Call.Answer.cs), offer/answer and session changes (Call.Session.cs),
/// playback (Call.Playback.cs), DTMF (Call.Dtmf.cs), media timeouts (Call.Timeouts.cs), the outbound
/// INVITE's progress (Call.Outbound.cs), transfer and bridging (Call.Transfer.cs), the CDR
/// (Call.Cdr.cs). The flow drives it from one task; SIP events (BYE, CANCEL) arrive on other
/// threads and only record the outcome and cancel <see cref="Ended"/>. The CDR is written exactly
/// once, on dispose.
/// </remarks>
public sealed partial class Call : ICall, Flows.ICallFlowReport, IAsyncDisposable
{
    private readonly ICallSignalling _signalling;
    private readonly CallServices _services;
    private NegotiatedAudio? _audio;
    private byte[] _localSdp;
    private readonly RtpSession _rtp;
    private AudioEncoding _encoding;
    private readonly CancellationTokenSource _ended = new();
    private readonly CallOutcome _outcome = new();
    private readonly StringBuilder _digits = new();
    private readonly DateTimeOffset _startedAt;
    private readonly CallPlayback _playback;
    private SipDialog? _dialog;
    private DateTimeOffset? _answeredAt;
    private int? _sipStatus;
    private int _disposed;
    private volatile CallState _state = CallState.Setup;
    private AnswerOptions _answerOptions;
    private CancellationTokenRegistration _cancelRegistration;

    /// <param name="audio">The negotiated stream; null while unknown (a delayed offer, or an outbound leg before the answer): <paramref name="localSdp"/> is then our offer.</param>
    internal Call(ICallSignalling signalling, CallServices services, NegotiatedAudio? audio, byte[] localSdp, RtpSession rtp, DateTimeOffset startedAt, AnswerOptions answerOptions)
    {
        _answerOptions = answerOptions;
        _signalling = signalling;
        _services = services;
        _audio = audio;
        _localSdp = localSdp;
        _rtp = rtp;
        _encoding = AudioEncodings.FromSdpName(audio?.EncodingName);
        _startedAt = startedAt;
        _playback = new CallPlayback(rtp, services, () => _encoding, message => services.Log?.Invoke($"call {CallId}: {message}"), _ended.Token);
        _cancelRegistration = signalling.Cancelled.Register(() => End(CallEndedBy.Caller, "CANCEL", 487));
        rtp.RtpTimeout += () => Task.Run(OnRtpTimeout); // off the media clock thread
    }

    public string CallId => _signalling.CallId;

    public string From => _signalling.From;

    public string To => _signalling.To;

    public CallDirection Direction => _signalling.Direction;

    public CancellationToken Ended => _ended.Token;

    /// <summary>Where the leg is now (setup, ringing, answered, bridged, ended).</summary>
    public CallState State => _ended.IsCancellationRequested ? CallState.Ended : _state;

    /// <summary>The trunk an outbound leg went through; null for inbound legs and direct SIP URIs.</summary>
    public string? Trunk { get; internal set; }

    public string Header(string name) => _signalling.Header(name)?.Trim() ?? string.Empty;

    /// <summary>The leg as the registry shows it.</summary>
    public CallSnapshot Snapshot() => new(
        CallId, Direction, State, From, To, _startedAt, _answeredAt, _audio?.EncodingName, _flowName, _stepName, PeerCallId, Trunk, Quality());

    private CallQuality? Quality() =>
        _rtp.QualitySummary() is { } q ? new CallQuality(q.JitterMs, q.LossPercent, q.Mos, q.PacketsReceived) : null;

    private void Publish(string type, IReadOnlyDictionary<string, string?> data) => _services.Events?.Publish(type, CallId, data);

    private void End(string endedBy, string cause, int? sipStatus)
    {
        if (_outcome.TrySet(endedBy, CauseFor(cause), _services.Time.GetUtcNow()))
        {
            _sipStatus = sipStatus ?? _sipStatus;
        }

        _rtp.EndPlayback();
        _ended.Cancel();
    }

    /// <summary>A bridged leg keeps the cause the bridge gave it (the transferred caller's is "transferred"), whoever ends it.</summary>
    private string CauseFor(string cause) => _bridge is not null && _bridgeEndCause is { } bridged ? bridged : cause;

    /// <summary>Who ended the leg and why, from the moment that is decided (Ended fires after the BYE is answered).</summary>
    public CallEnd? HowEnded => _outcome.Read();

    private void ThrowIfEnded()
    {
        // Ended only once the BYE is answered; the flow must stop as soon as the end is decided.
        if (_ended.IsCancellationRequested || _outcome.IsSet)
        {
            throw new CallEndedException();
        }

        if (_bridge is not null)
        {
            // A bridged leg's media belongs to the bridge: the flow that had it is done with it.
            throw new CallEndedException("The call is bridged to another leg.");
        }
    }

    /// <summary>The party at the other end of this leg, as a CDR's ended_by names it.</summary>
    private string RemoteParty => Direction == CallDirection.Inbound ? CallEndedBy.Caller : CallEndedBy.Callee;

    internal static IPEndPoint RemoteMedia(NegotiatedAudio audio) =>
        new(IPAddress.Parse(audio.RemoteAddress), audio.RemotePort);
}
