namespace Telephony.Server.Config;

/// <summary>
/// Every option of <c>telephony serve</c>: flag, config key and environment variable in one list.
/// The --help text, the parser, the config file's known keys and the README come from here.
/// </summary>
internal static class ServeSettings
{
    public static readonly IReadOnlyList<Setting> All =
    [
        new("sip-port", "N", "SIP port for UDP and TCP (default 5060; 0 = any free port)"),
        new("bind", "ADDR", "address to listen on (default 0.0.0.0)"),
        new("advertise", "ADDR", "address to put in Via/Contact/SDP (default: the one that routes to each caller)"),
        new("data", "DIR", "state folder: SQLite database telephony.db; must be writable, created when missing if its parent folder exists (default ./data)"),
        new("dialplans", "DIR", "IVR flows: every *.yaml here is served, reloaded within a second of an edit (invalid edits are rejected, the previous version serves); without a valid one the built-in demo flow runs; created when missing if its parent folder exists (default ./dialplans)"),
        new("prompts", "DIR", "prompt WAV folder; must exist, it is never created (default ./prompts)"),
        new("rtp-ports", "MIN-MAX", "RTP port range, even ports used (default 10000-20000)"),
        new("rtp-bind", "ADDR", "address RTP sockets bind (default: the --bind address; 0.0.0.0 = every interface)"),
        new("ring-time", "MS", "built-in demo flow: ring (180) this long before answering (default 0)"),
        new("digit-timeout", "MS", "built-in demo flow: wait for the first digit this long after the welcome (default 5000); dialplans set ring: and timeout: per step"),
        new("record", "DIR", "record every answered call: DIR/YYYY-MM-DD/HHMMSSmmm-CALLID.wav, 8 kHz, written crash-safely; path in the CDR; DIR must be writable, created when missing if its parent folder exists"),
        new("record-channels", "stereo|mono", "stereo: caller left, server right (default); mono: both mixed"),
        new("rtp-timeout", "S", "hang up (BYE, CDR cause rtp-timeout) after S seconds without RTP from the caller, except while on hold; 0 never (default 30)"),
        new("tone-plan", "PLAN", "how ringback, busy and congestion sound to callers: eu (ITU/European, 425 Hz), us (North American), uk (default eu)"),
        new("tts-voice", "VOICE", "flite voice of English tts and say prompts that name no voice (dialplan voice: wins): kal, the 8 kHz telephone voice (default), or slt, rms, awb (16 kHz, resampled)"),
        new("quiet", null, "log only warnings, errors and SECURITY lines"),
        new("log-format", "text|json", "text: one timestamped line per event (default); json: one JSON object per line (timestamp, level, category, message) for log shippers"),
        new("http", "ADDR:PORT|none", "where the HTTP API listens (default 127.0.0.1:8080; none disables it)"),
        new("api-tokens", "FILE", "HTTP API tokens: one 'role:token' per line (roles admin, supervisor, agent; '#' comments)"),
        new("rate-limit", "N", "requests/s one source address may send (burst 2N) before a ban; 0 disables (default 200)"),
        new("ban-seconds", "S", "how long a source over the limit is ignored (default 60)"),
        new("trusted", "CIDRS", "comma-separated networks exempt from rate and connection limits, or 'none' (default 127.0.0.0/8,::1/128); put your trunks here"),
        new("max-connections", "N", "TCP and TLS connections open at once over all sources, trusted ones too; beyond it new ones are closed at once (default: half the file descriptors still free at start, at most 4096; the limit and the cap are logged at start)"),
        new("message-timeout", "S", "a TCP/TLS message must be complete S seconds after its first byte, else the connection is closed (default 20); idle connections are closed after 5 minutes regardless"),
        new("max-message-bytes", "N", "largest SIP message accepted (default 16384)"),
        new("max-calls", "N", "concurrent inbound calls overall; more get 503 (default: the RTP sockets in --rtp-ports, 5000; 0 = no limit)"),
        new("max-calls-per-source", "N", "concurrent inbound calls from one address, --trusted exempt (default 100; 0 = no limit)"),
        new("max-unconfirmed-per-source", "N", "calls from one address not yet confirmed by an ACK (ringing, or answered awaiting the ACK), --trusted exempt (default 20; 0 = no limit); an address whose 2xx goes unACKed 3 times in a minute is banned for --ban-seconds"),
        new("sip-t1", "MS", "RFC 3261 T1, the round-trip estimate behind every retransmission and timeout (default 500; raise it for slow links: Timer B/F = 64*T1)"),
        new("sip-t2", "MS", "longest retransmission interval (default 4000)"),
        new("sip-t4", "MS", "longest time a message lives in the network (default 5000)"),
        new("users", "FILE", "enable the registrar for these accounts: one 'user:password' per line, no spaces around either ('#' starts a comment line; every mistake is reported as FILE:LINE:COL); REGISTER is challenged with digest auth (SHA-256 and MD5). Without it REGISTER is answered 405."),
        new("queues", "FILE", "agent queues and the agents who answer them (YAML queues: and agents: lists; docs/queues.md): agents' softphones register with their sip_user and password, which join the --users accounts; every mistake stops serve as FILE:LINE:COL (check with queue validate)"),
        new("realm", "NAME", "digest realm of the registrar (default telephony)"),
        new("tls-cert", "FILE", "PEM certificate (chain) for SIP over TLS; with --tls-key enables TLS"),
        new("tls-key", "FILE", "PEM private key of that certificate"),
        new("tls-port", "N", "TLS port (default 5061; 0 = any free port)"),
        new("trunks", "FILE", "SIP trunks (YAML 'trunks:' list; see README): where outgoing calls go, and registrations kept alive with those that want one"),
        new("tls-ca", "FILE", "extra CA certificates (PEM) trusted for TLS trunks"),
        new("dns-servers", "LIST", "DNS servers (IP[:PORT],...) for locating trunk hosts by SRV and A/AAAA records (default: the nameservers of /etc/resolv.conf)"),
        new("whisper-model", "FILE", "free-speech recognition (Whisper): a ggml-*.bin model made by whisper.cpp (multilingual, e.g. ggml-base.bin, for Mandarin); checked and loaded at start, a missing, unreadable or invalid file stops serve (exit 2); without it free-speech ASR is off (see docs/speech.md)"),
        new("digest-algorithms", "LIST", "digest algorithms REGISTER is challenged with, in order of preference, and the only ones accepted (default SHA-256,MD5); phones known to fail on any non-MD5 challenge (baresip before 3.12) are challenged with MD5 alone when MD5 is listed"),
    ];
}
