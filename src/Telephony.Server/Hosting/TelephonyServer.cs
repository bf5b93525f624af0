using System.Net;
using Telephony.Calls;
using Telephony.Calls.Flows;
using Telephony.Calls.Prompts;
using Telephony.Dialplan;
using Telephony.Dialplan.Runtime;
using Telephony.Dialplan.Serving;
using Telephony.Media.Clock;
using Telephony.Media.Rtp;
using Telephony.Sip;
using Telephony.Storage.Cdr;
using Telephony.Storage.Sqlite;

namespace Telephony.Server.Hosting;

/// <summary>The composition root: wires storage, media, calls and SIP together, and tears them down in order.</summary>
internal sealed class TelephonyServer : IAsyncDisposable
{
    private readonly ServeOptions _options;
    private readonly Action<string> _log;
    private SqliteDatabase? _db;
    private SqliteCdrStore? _cdrs;
    private Telephony.Storage.Transcripts.SqliteTranscriptStore? _transcripts;
    private Speech.CallSpeechEngines? _speech;
    private Speech.SpeechWorkers? _speechWorkers;
    private MediaClock? _clock;
    private RtpSocketPool? _rtpSockets;
    private CallManager? _calls;
    private DialplanFolder? _dialplans;
    private HttpClient? _http;
    private SipStack? _sip;
    private readonly List<Telephony.Sip.Registration.TrunkRegistration> _registrations = [];
    private int _disposed;

    /// <summary>Agent queues for flows (<c>transfer: queue:NAME</c>); null when serve has no --queues.</summary>
    public Telephony.Calls.Queues.ICallQueues? Queues { get; init; }

    /// <summary>The free-speech recogniser (Whisper) when a model was configured; calls use pocketsphinx's language model otherwise.</summary>
    public Telephony.Speech.Recognition.ISpeechRecognizer? FreeSpeech { get; init; }

    public TelephonyServer(ServeOptions options, Action<string> log)
    {
        _options = options;
        _log = log;
    }

    public SipStack Sip => _sip ?? throw new InvalidOperationException("not started");

    /// <summary>Where calls publish their events (the API's event hub); set before <see cref="Start"/>; null when nobody listens.</summary>
    public Telephony.Calls.Events.ICallEventSink? Events { get; init; }

    /// <summary>Relays media between bridged legs (the media layer's RtpBridge); null joins bridges in signalling only.</summary>
    public Telephony.Calls.Bridging.IMediaBridgeFactory? MediaBridges { get; init; }

    /// <summary>The live legs (for the API and CLI); null before <see cref="Start"/>.</summary>
    public Telephony.Calls.Control.ICallRegistry? Calls => _calls;

    /// <summary>Originate, hang up and transfer by id (for the API); null before <see cref="Start"/>.</summary>
    public Telephony.Calls.Control.ICallControl? CallControl => _calls;

    /// <summary>The CDR database (for the API's CDR search); null before <see cref="Start"/>.</summary>
    public SqliteDatabase? Database => _db;

    /// <summary>The speech workers (their queue and counters feed /metrics); null before <see cref="Start"/>.</summary>
    public Speech.SpeechWorkers? SpeechWorkers => _speechWorkers;

    /// <summary>The media clock (its lateness histogram feeds /metrics); null before <see cref="Start"/>.</summary>
    public MediaClock? Clock => _clock;

    /// <summary>Where flows' recordings (the dialplan's <c>record</c> step) go: DATA/recordings/DATE/CALLID-N.wav.</summary>
    public static string RecordingsFolderOf(string dataFolder) => Path.Combine(dataFolder, "recordings");

    public void Start()
    {
        var db = SqliteDatabase.Open(_options.DataFolder);
        _db = db;
        Directory.CreateDirectory(_options.DialplanFolder);
        _cdrs = new SqliteCdrStore(db, _log);
        _transcripts = new Telephony.Storage.Transcripts.SqliteTranscriptStore(db, _log);
        _speech = new Speech.CallSpeechEngines(Telephony.Speech.Vad.VoiceActivityDetectors.Open(null, _log), Speech.SpeechSetup.Grammars(_log), FreeSpeech);
        // One pool for every call's turns, one thread per core: recognition is CPU-bound, and a full queue refuses rather than delays.
        _speechWorkers = new Speech.SpeechWorkers(null, _log);
        // 5 ms ticks spread the calls' 20 ms packets over four phases and start a prompt within
        // 5 ms; without real-time scheduling the clock falls back to 20 ms (see MediaClock).
        _clock = new MediaClock(TimeSpan.FromMilliseconds(5));
        var prompts = new PromptLibrary(_options.PromptFolder, DialplanSpeech.CacheFolderOf(_options.DataFolder));
        foreach (var required in new[] { "welcome", "you-entered", "goodbye" })
        {
            if (!prompts.Exists(required))
            {
                _log($"warning: prompt '{required}' missing in {Path.GetFullPath(_options.PromptFolder)}; calls will skip it");
            }
        }

        // Media listens where SIP does unless --rtp-bind says otherwise (0.0.0.0 stays every interface).
        _rtpSockets = new RtpSocketPool(new RtpPortPool(_options.RtpMin, _options.RtpMax), new RtpSocketPoolOptions { BindAddress = _options.RtpBind ?? _options.Bind });
        var services = new CallServices(prompts, _clock, _rtpSockets, _cdrs, TimeProvider.System, _log, _options.RtpTimeoutSeconds,
            _options.Quiet ? null : _log, _options.RecordingFolder, _options.TonePlan, _options.RecordingChannels, Events, MediaBridges,
            new Telephony.Calls.Screening.CallAdmission(_options.CallLimits, _options.Security.IsTrusted), _speech, _transcripts,
            StepRecordingFolder: RecordingsFolderOf(_options.DataFolder), SpeechWorkers: _speechWorkers);
        var flowOptions = DemoFlowOptions.Default with
        {
            RingTime = _options.RingTime,
            Gather = DemoFlowOptions.Default.Gather with { FirstDigitTimeout = _options.DigitTimeout },
        };
        Task Demo(ICall call) => DemoFlow.RunAsync(call, flowOptions);
        _http = new HttpClient();
        _dialplans = new DialplanFolder(_options.DialplanFolder, new DialplanOptions(_options.PromptFolder), TimeProvider.System, _log);
        if (_dialplans.Current.Count == 0)
        {
            _log($"dialplans: none valid in {Path.GetFullPath(_options.DialplanFolder)}; calls run the built-in demo flow until one is");
        }

        var dialplanCalls = new DialplanCalls(_dialplans, Demo, new FlowRuntimeOptions(_http, TimeProvider.System, Speech: DialplanSpeech.Create(_options.DataFolder, prompts, _log, _options.TtsVoice), Queues: Queues), _log, _options.Quiet ? null : _log);
        _calls = new CallManager(services, dialplanCalls, new Trunks.TrunkRoutes(_options.Trunks));
        _sip = new SipStack(new SipStackOptions
        {
            BindAddress = _options.Bind,
            Port = _options.SipPort,
            AdvertisedAddress = _options.Advertise,
            Security = _options.Security,
            Registrar = _options.Registrar,
            TlsCertificate = _options.TlsCertificate,
            TlsPort = _options.TlsPort,
            TlsTrustedRoots = _options.TlsTrustedRoots,
            DnsServers = _options.DnsServers,
            Timers = _options.Timers,
            Limits = new Telephony.Sip.Messages.SipParserLimits(_options.MaxMessageBytes),
            Log = _options.Quiet ? SecurityOnly(_log) : _log,
        })
        {
            CallHandler = _calls,
        };
        _calls.Sip = _sip;
        _sip.Start();
        var tls = _sip.TlsEndPoint is { } t ? $" and tls {t}" : string.Empty;
        _log($"telephony: listening for SIP on udp {_sip.UdpEndPoint} and tcp {_sip.TcpEndPoint}{tls}; " +
             $"data {Path.GetFullPath(_options.DataFolder)}; prompts {Path.GetFullPath(_options.PromptFolder)}; " +
             $"rtp {_options.RtpMin}-{_options.RtpMax} on {_options.RtpBind ?? _options.Bind}; media clock {_clock.Period.TotalMilliseconds} ms{(_clock.IsRealtime ? " (real-time)" : " (normal scheduling: run as root or with CAP_SYS_NICE for real-time pacing)")}");
        var security = _options.Security;
        _log($"telephony: at most {security.EffectiveMaxConnections} TCP/TLS connections at once " +
             $"({(security.MaxConnections > 0 ? "--max-connections" : "default")}; open-file limit {Telephony.Sip.Security.FileLimit.Soft}{(Telephony.Sip.Security.FileLimit.Known ? string.Empty : " assumed")}, {Telephony.Sip.Security.FileLimit.InUse} in use at start), " +
             $"{security.MaxConnectionsPerAddress} per address; a message must be complete {security.MessageTimeout.TotalSeconds:0} s after its first byte");
        LogRegistrar();
        LogCallLimits();
        foreach (var trunk in _options.Trunks)
        {
            _log($"trunk {trunk.Name}: {trunk.Host}{(trunk.Port is { } p ? ":" + p : string.Empty)} over {trunk.Transport.ToString().ToLowerInvariant()}" +
                 (trunk.Register ? $", registering as {trunk.AddressOfRecord}" : string.Empty));
            if (trunk.Register)
            {
                var registration = new Telephony.Sip.Registration.TrunkRegistration(_sip, trunk.RegistrationOptions());
                _registrations.Add(registration);
                registration.Start();
            }
        }
    }

    /// <summary>The call limits in force, so an admin knows what a flood or a busy trunk will meet.</summary>
    private void LogCallLimits()
    {
        static string Limit(int n) => n == 0 ? "no limit" : n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var limits = _options.CallLimits;
        _log($"limits: inbound calls {Limit(limits.MaxCalls)}; per address {Limit(limits.MaxCallsPerSource)}, unconfirmed {Limit(limits.MaxUnconfirmedPerSource)} " +
             $"(exempt: {string.Join(", ", _options.Security.Trusted)})");
    }

    /// <summary>Whether REGISTER is served, for how many accounts and how: an admin sees at startup that --users took.</summary>
    private void LogRegistrar()
    {
        if (_options.Registrar is { } registrar)
        {
            var accounts = registrar.Users.Count == 1 ? "1 account" : $"{registrar.Users.Count} accounts";
            var sources = new List<string>();
            if (_options.UsersFilePath is { } users)
            {
                sources.Add(Path.GetFullPath(users));
            }

            if (_options.Queues.Agents.Count > 0)
            {
                sources.Add($"{_options.Queues.Agents.Count} agents of --queues");
            }

            _log($"registrar: on, {accounts} from {string.Join(" and ", sources)}; realm {registrar.Realm}; digest {string.Join(',', registrar.Algorithms)}");
            return;
        }

        _log("registrar: off (no --users): REGISTER is answered 405");
        if (_options.UnusedRegistrarSettings.Count > 0)
        {
            _log($"warning: {string.Join(" and ", _options.UnusedRegistrarSettings.Select(s => "--" + s))} {(_options.UnusedRegistrarSettings.Count == 1 ? "has" : "have")} no effect without --users");
        }
    }

    /// <summary>With --quiet, SECURITY lines still go out: fail2ban depends on them.</summary>
    private static Action<string> SecurityOnly(Action<string> log) =>
        line =>
        {
            if (line.StartsWith("SECURITY ", StringComparison.Ordinal))
            {
                log(line);
            }
        };

    /// <summary>One line of counters for the log.</summary>
    public string Status() =>
        $"calls_active={_calls?.ActiveCalls} cdrs_written={_cdrs?.Written} transactions={_sip?.Transactions.ServerCount}+{_sip?.Transactions.ClientCount} " +
        $"dialogs={_sip?.Dialogs.Count} rtp_sockets_open={_rtpSockets?.Open} rtp_sockets_idle={_rtpSockets?.Idle} {_sip?.Stats} {ClockStatus()}" +
        SpeechStatus() + BridgeStatus() + string.Concat(_registrations.Select(TrunkStatus));

    /// <summary>"trunk_NAME=registered", or "trunk_NAME=failed:503" with why it failed (a status code, timeout, transport, dns, error).</summary>
    private static string TrunkStatus(Telephony.Sip.Registration.TrunkRegistration r) =>
        $" trunk_{r.Name}={r.State.ToString().ToLowerInvariant()}" +
        (r.State == Telephony.Sip.Registration.TrunkRegistrationState.Failed && r.LastFailureCode is { } code ? ":" + code : string.Empty);

    /// <summary>Media bridges since start: active now, packets relayed and transcoded, and the relay delay (arrival to forward) p50/p99.</summary>
    private static string BridgeStatus() => Telephony.Media.Bridge.RtpBridge.Totals is { PacketsRelayed: > 0 } b
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $" bridges_active={b.Active} relayed={b.PacketsRelayed} transcoded={b.Transcoded} relay_dropped={b.Dropped} relay_p50_us={b.Delay.P50Microseconds:F0} relay_p99_us={b.Delay.P99Microseconds:F0}")
        : string.Empty;

    /// <summary>How well the media clock keeps time: ticks, late ticks (over 1 ms), p99 and worst lateness.</summary>
    private string ClockStatus() => _clock?.Stats() is { } c
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"clock_ticks={c.Ticks} clock_late={c.LateTicks} clock_p99_ms={c.P99LatenessMs:F2} clock_max_ms={c.MaxLatenessMs:F2} clock_skipped={c.SkippedPeriods} clock_work_mean_ms={c.MeanWorkMs:F2} clock_work_max_ms={c.MaxWorkMs:F2}")
        : string.Empty;

    /// <summary>
    /// Where a speech turn can wait apart from its audio: the worker queue (mean and worst wait,
    /// refusals) and the grammar decoders (built so far, idle now, decodes that had to build one
    /// and their total and worst wait). Empty before any speech work.
    /// </summary>
    private string SpeechStatus()
    {
        var text = string.Empty;
        if (_speechWorkers?.Stats is { Accepted: > 0 } w)
        {
            text += string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $" speech_items={w.Accepted} speech_rejected={w.Rejected} speech_wait_mean_ms={w.QueueWaitMean.TotalMilliseconds:F1} speech_wait_max_ms={w.QueueWaitMax.TotalMilliseconds:F1}");
        }

        if (_speech?.Decoders is { Created: > 0 } d)
        {
            text += string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $" decoders_created={d.Created} decoders_idle={d.Idle} decoder_hits={d.Hits} decoder_misses={d.Misses} decoder_miss_wait_ms={d.MissWait.TotalMilliseconds:F0} decoder_miss_wait_max_ms={d.MissWaitMax.TotalMilliseconds:F0} decoder_build_ms={d.BuildTime.TotalMilliseconds:F0}");
        }

        return text;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Order: stop taking calls, end the ones in progress, then stop SIP, media and storage.
        _dialplans?.Dispose();
        if (_calls is not null)
        {
            await _calls.DisposeAsync();
        }

        _http?.Dispose();

        // Registrations are removed (Expires: 0) while SIP still runs.
        foreach (var registration in _registrations)
        {
            await registration.DisposeAsync();
        }

        _sip?.Dispose();
        _clock?.Dispose();
        if (_rtpSockets is not null)
        {
            await _rtpSockets.DisposeAsync();
        }

        if (_cdrs is not null)
        {
            await _cdrs.DisposeAsync();
        }

        if (_transcripts is not null)
        {
            await _transcripts.DisposeAsync();
        }

        // After the calls: their turns have stopped scheduling work.
        _speechWorkers?.Dispose();
        _speech?.Dispose();
    }

    internal static IPEndPoint Any(int port) => new(IPAddress.Any, port);
}
