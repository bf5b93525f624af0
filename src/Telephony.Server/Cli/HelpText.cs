namespace Telephony.Server.Cli;

/// <summary>The --help texts; the README repeats them, keep both in step.</summary>
internal static class HelpText
{
    public const string Main = """
        telephony - IVR and outbound-robot engine on SIP/RTP

        Usage: telephony <command> [options]

        Commands:
          serve        Run the engine: answer SIP calls (UDP and TCP) and serve them
          cdr list     Show call detail records, newest first
          sip lint     Judge captured SIP messages: valid or not, and what we answer
          dialplan validate  Check dialplan files (YAML IVR flows); errors as FILE:LINE:COL
          dialplan graph     Draw a dialplan's flows (Mermaid or Graphviz dot)
          help         Show this help

        Run 'telephony <command> --help' for a command's options.
        """;

    public const string Serve = """
        Usage: telephony serve [options]

        Answers SIP calls on UDP and TCP and runs the demo flow on each: welcome prompt,
        DTMF digits until # or a timeout, read-back, goodbye. Every call leaves a CDR.
        Stops cleanly on Ctrl+C or SIGTERM (calls in progress are hung up, CDRs flushed).

        Options:
          --sip-port N        SIP port for UDP and TCP (default 5060; 0 = any free port)
          --bind ADDR         address to listen on (default 0.0.0.0)
          --advertise ADDR    address to put in Via/Contact/SDP (default: the one that routes to each caller)
          --data DIR          state folder: SQLite database telephony.db (default ./data)
          --dialplans DIR     IVR flows: every *.yaml here is served, reloaded within a second of
                      an edit (invalid edits are rejected, the previous version serves);
                      without a valid one the built-in demo flow runs (default ./dialplans)
          --prompts DIR       prompt WAV folder (default ./prompts)
          --rtp-ports MIN-MAX RTP port range, even ports used (default 10000-20000)
          --ring-time MS      built-in demo flow: ring (180) this long before answering (default 0)
          --digit-timeout MS  built-in demo flow: wait for the first digit this long after the
                      welcome (default 5000); dialplans set ring: and timeout: per step
          --record DIR        record every answered call: DIR/YYYY-MM-DD/HHMMSSmmm-CALLID.wav, 8 kHz,
                              written crash-safely; path in the CDR
          --record-channels stereo|mono
                              stereo: caller left, server right (default); mono: both mixed
          --rtp-timeout S     hang up (BYE, CDR cause rtp-timeout) after S seconds without RTP from
                              the caller, except while on hold; 0 never (default 30)
          --tone-plan PLAN    how ringback, busy and congestion sound to callers: eu (ITU/European,
                              425 Hz), us (North American), uk (default eu)
          --quiet             log only warnings, errors and SECURITY lines
          --rate-limit N      requests/s one source address may send (burst 2N) before a ban;
                              0 disables (default 200)
          --ban-seconds S     how long a source over the limit is ignored (default 60)
          --trusted CIDRS     comma-separated networks exempt from rate and connection limits,
                              or 'none' (default 127.0.0.0/8,::1/128); put your trunks here
          --max-message-bytes N  largest SIP message accepted (default 16384)
          --sip-t1 MS         RFC 3261 T1, the round-trip estimate behind every retransmission and
                              timeout (default 500; raise it for slow links: Timer B/F = 64*T1)
          --sip-t2 MS         longest retransmission interval (default 4000)
          --sip-t4 MS         longest time a message lives in the network (default 5000)
          --users FILE        enable the registrar for these accounts: one 'user:password' per
                              line ('#' comments); REGISTER is challenged with digest auth
                              (SHA-256 and MD5). Without it REGISTER is answered 405.
          --realm NAME        digest realm of the registrar (default telephony)
          --tls-cert FILE     PEM certificate (chain) for SIP over TLS; with --tls-key enables TLS
          --tls-key FILE      PEM private key of that certificate
          --tls-port N        TLS port (default 5061; 0 = any free port)
          --trunks FILE       SIP trunks (YAML 'trunks:' list; see README): where outgoing calls
                              go, and registrations kept alive with those that want one
          --tls-ca FILE       extra CA certificates (PEM) trusted for TLS trunks
          --dns-servers LIST  DNS servers (IP[:PORT],...) for locating trunk hosts by SRV and
                              A/AAAA records (default: the nameservers of /etc/resolv.conf)
          --digest-algorithms LIST  challenge algorithms in order of preference
                              (default SHA-256,MD5; use MD5,SHA-256 for phones that stop at
                              the first algorithm they do not know, such as baresip 1.0)
          -h, --help          show this help

        Security events are logged as 'SECURITY ban ip=...', 'SECURITY scanner ip=...' and
        'SECURITY refuse ip=...' lines on standard error (see docs/security.md for fail2ban).
        """;

    public const string Sip = """
        Usage: telephony sip lint FILE...

        Reads each FILE as one SIP message (as captured from the wire, one datagram) and prints
        one line per file, tab-separated:

          FILE<TAB>valid|invalid<TAB>ANSWER<TAB>REASON

        ANSWER is the status code this server's UAS sends for the message, or "drop" when it
        sends nothing (responses, ACKs, input it cannot answer). The message is judged as if it
        arrived out of the blue: no dialog or transaction exists.

        Exit status: 0 when every file is valid, 1 when any is invalid, 2 when a file cannot be
        read or the command line is wrong.

        Options:
          -h, --help    show this help
        """;

    public const string Cdr = """
        Usage: telephony cdr list [--last N] [--json] [--data DIR]

        Shows call detail records, newest first.

        Options:
          --last N      how many records (default 20)
          --json        one JSON object per line: call_id, from, to, started_at, answered_at,
                        ended_at, ended_by, cause, sip_status, digits, codec, and the
                        received audio's quality: jitter_ms, loss_pct, mos (E-model),
                        rtp_packets (null when no audio arrived), recording (path or null)
          --data DIR    state folder holding telephony.db (default ./data)
          -h, --help    show this help
        """;

    public const string Dialplan = """
        Usage: telephony dialplan validate FILE... [--prompts DIR | --no-prompt-check]
               telephony dialplan graph FILE [--format mermaid|dot]
               telephony dialplan simulate FILE... --from NUM --to NUM --input "1 2 # ..."
                                  [--at TIME] [--header 'Name: value']... [--var NAME=VALUE]...

        validate  reads each dialplan as the server would and prints every problem as
                  FILE:LINE:COL: error: MESSAGE (with a hint when one helps), then one summary
                  line. Nothing else is printed when all files are valid. Files given
                  together are also checked as one served folder (no number routed by two
                  files, at most one file that takes every call).
        graph     prints the flows of a valid dialplan as a graph: one node per step, one
                  labelled edge per way a step can end (choice, then/else, case, fallback).
                  Prompt files are not checked; other errors are printed on standard error.
        simulate  runs one call through the dialplans (routed as the server routes it) with
                  the real runtime and prints it as a transcript: steps entered, prompts
                  played (file or TTS text), inputs consumed, variables set, webhook calls
                  (made for real), and the final outcome. Time is simulated: waits and
                  timeouts cost nothing. Exit 1 when the dialplan is invalid or no route
                  takes the call.

        Exit status: 0 when every file is valid, 1 when any has errors, 2 when a file cannot
        be read or the command line is wrong.

        Options:
          --prompts DIR       prompt WAV folder that prompt files must exist in (default ./prompts)
          --no-prompt-check   do not check that prompt files exist
          --format FORMAT     graph output: mermaid (default) or dot
          --from NUM          simulate: the caller's number (default anonymous)
          --to NUM            simulate: the called number (default none)
          --input TEXT        simulate: what the caller does, in order, separated by spaces:
                              keys (1 2 # or 12#), say:some words (speech, up to the next
                              input; quote words that look like keys: say:'route 66'),
                              wait:5s (silence; reaching a timeout makes it expire),
                              hangup, transfer:ok|fail (how the next transfer goes;
                              default ok). When the inputs run out the caller is silent.
          --at TIME           simulate: the call's time, e.g. 2026-12-25T10:00, read in the
                              first dialplan's timezone unless it has an offset (default now)
          --header 'N: V'     simulate: a header of the INVITE (for routes and header());
                              may be repeated
          --var NAME=VALUE    simulate: replaces a variable of the dialplan's variables:
                              (e.g. a webhook base URL); may be repeated
          -h, --help          show this help
        """;
}
