using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Telephony.Calls.Screening;
using Telephony.Server.Cli;
using Telephony.Server.Config;
using Telephony.Sip.Registration;
using Telephony.Sip.Security;

namespace Telephony.Server.Hosting;

/// <summary>The settings of <c>telephony serve</c>, from its flags, environment and config file.</summary>
/// <param name="Http">Where the HTTP API listens; null with <c>--http none</c>.</param>
/// <param name="ApiTokensFile">The <c>--api-tokens</c> file (one 'role:token' per line), not read here: the API loads it.</param>
/// <param name="Configuration">Every setting as one configuration (keys are the flag names), for the API's own keys.</param>
internal sealed record ServeOptions(
    IPAddress Bind,
    int SipPort,
    IPAddress? Advertise,
    string DataFolder,
    string DialplanFolder,
    string PromptFolder,
    int RtpMin,
    int RtpMax,
    TimeSpan RingTime,
    TimeSpan DigitTimeout,
    bool Quiet,
    SecurityOptions Security,
    int MaxMessageBytes,
    RegistrarOptions? Registrar,
    X509Certificate2? TlsCertificate,
    int TlsPort,
    IReadOnlyList<Trunks.TrunkConfig> Trunks,
    X509Certificate2Collection? TlsTrustedRoots,
    IReadOnlyList<IPEndPoint>? DnsServers,
    Telephony.Sip.Transactions.SipTimerOptions Timers,
    int RtpTimeoutSeconds,
    string? RecordingFolder,
    Telephony.Media.Tones.TonePlan TonePlan,
    Telephony.Media.Recording.RecordingChannels RecordingChannels,
    LogFormat LogFormat,
    IPEndPoint? Http,
    string? ApiTokensFile,
    Microsoft.Extensions.Configuration.IConfiguration? Configuration)
{
    /// <summary>The API's address when <c>--http</c> is not given.</summary>
    public static readonly IPEndPoint DefaultHttp = new(IPAddress.Loopback, 8080);

    public static ServeOptions From(Settings line)
    {
        var (rtpMin, rtpMax) = ParseRange(line, line.Get("rtp-ports", "10000-20000"));

        // Checked with or without --users: a typo must not wait for the day the registrar is turned on.
        var algorithms = ParseAlgorithms(line, line.Get("digest-algorithms", "SHA-256,MD5"));
        var realm = ParseRealm(line, line.Get("realm", "telephony"));
        var queues = line.Get("queues") is { } queuesFile ? QueuesSetting.Load(queuesFile) : Telephony.Queues.Config.QueuesConfig.Empty;
        return new ServeOptions(
            ParseAddress(line, "bind", "0.0.0.0"),
            line.GetInt("sip-port", 5060, 0, 65535),
            line.Has("advertise") ? ParseAddress(line, "advertise", string.Empty) : null,
            line.Get("data", "./data"),
            line.Get("dialplans", "./dialplans"),
            line.Get("prompts", "./prompts"),
            rtpMin,
            rtpMax,
            TimeSpan.FromMilliseconds(line.GetInt("ring-time", 0, 0, 600_000)),
            TimeSpan.FromMilliseconds(line.GetInt("digit-timeout", 5000, 100, 600_000)),
            line.GetSwitch("quiet"),
            new SecurityOptions
            {
                RequestsPerSecond = line.GetInt("rate-limit", SecurityOptions.Default.RequestsPerSecond, 0, 1_000_000),
                Burst = line.GetInt("rate-limit", SecurityOptions.Default.RequestsPerSecond, 0, 1_000_000) * 2,
                BanDuration = TimeSpan.FromSeconds(line.GetInt("ban-seconds", (int)SecurityOptions.Default.BanDuration.TotalSeconds, 1, 86_400)),
                Trusted = line.Get("trusted") is { } trusted ? ParseNetworks(line, trusted) : SecurityOptions.Default.Trusted,
                MaxConnections = line.GetInt("max-connections", 0, 1, 1_000_000),
                MessageTimeout = TimeSpan.FromSeconds(line.GetInt("message-timeout", (int)SecurityOptions.Default.MessageTimeout.TotalSeconds, 1, 3600)),
            },
            line.GetInt("max-message-bytes", 16 * 1024, 1024, 1024 * 1024),
            RegistrarFor(line.Get("users"), queues, line.Get("queues"), realm, algorithms),
            LoadCertificate(line.Get("tls-cert"), line.Get("tls-key")),
            line.GetInt("tls-port", 5061, 0, 65535),
            line.Get("trunks") is { } trunks ? Telephony.Server.Trunks.TrunksFile.Load(trunks) : [],
            LoadRoots(line, line.Get("tls-ca")),
            line.Get("dns-servers") is { } dns ? ParseDnsServers(line, dns) : null,
            ParseTimers(line),
            line.GetInt("rtp-timeout", 30, 0, 86_400),
            line.Get("record"),
            ParseTonePlan(line, line.Get("tone-plan", "eu")),
            ParseRecordingChannels(line, line.Get("record-channels", "stereo")),
            ParseLogFormat(line, line.Get("log-format", "text")),
            ParseHttp(line, line.Get("http")),
            line.Get("api-tokens"),
            line.Configuration)
        {
            CallLimits = new CallLimits(
                line.GetInt("max-calls", Telephony.Media.Rtp.RtpPortPool.CapacityOf(rtpMin, rtpMax), 0, 1_000_000),
                line.GetInt("max-calls-per-source", CallLimits.DefaultMaxCallsPerSource, 0, 1_000_000),
                line.GetInt("max-unconfirmed-per-source", CallLimits.DefaultMaxUnconfirmedPerSource, 0, 1_000_000)),
            UsersFilePath = line.Get("users"),
            RtpBind = line.Has("rtp-bind") ? ParseAddress(line, "rtp-bind", string.Empty) : null,
            TtsVoice = ParseTtsVoice(line, line.Get("tts-voice", "kal")),
            UnusedRegistrarSettings = line.Has("users") || queues.Agents.Count > 0 ? [] : [.. RegistrarSettings.Where(line.Has)],
            Queues = queues,
            WhisperModel = line.Get("whisper-model") is { Length: > 0 } model ? model : null,
        };
    }

    private static readonly string[] RegistrarSettings = ["realm", "digest-algorithms"];

    /// <summary>The registrar, when there are accounts: the --users file's and the agents' of --queues.</summary>
    private static RegistrarOptions? RegistrarFor(string? usersFile, Telephony.Queues.Config.QueuesConfig queues, string? queuesFile, string realm, IReadOnlyList<string> algorithms)
    {
        if (usersFile is null && queues.Agents.Count == 0)
        {
            return null;
        }

        IReadOnlyDictionary<string, string> users = usersFile is null ? new Dictionary<string, string>() : UsersFile.Load(usersFile);
        return new RegistrarOptions(realm, QueuesSetting.Accounts(users, usersFile, queues, queuesFile!)) { Algorithms = algorithms };
    }

    /// <summary>The queues and agents of <c>--queues</c>; empty without it.</summary>
    public Telephony.Queues.Config.QueuesConfig Queues { get; init; } = Telephony.Queues.Config.QueuesConfig.Empty;

    /// <summary>How many inbound calls are taken, overall and per source address (--max-calls and the per-source limits).</summary>
    public CallLimits CallLimits { get; init; } = CallLimits.None;

    /// <summary>The address RTP sockets bind (<c>--rtp-bind</c>); null binds them where SIP listens (<see cref="Bind"/>).</summary>
    public IPAddress? RtpBind { get; init; }

    /// <summary>The flite voice of English prompts that name none (<c>--tts-voice</c>).</summary>
    public string TtsVoice { get; init; } = "kal";

    /// <summary>The <c>--users</c> file the registrar's accounts came from (for the startup line).</summary>
    public string? UsersFilePath { get; init; }

    /// <summary>The <c>--whisper-model</c> file (free-speech ASR), not read here: serve checks and loads it before anything listens.</summary>
    public string? WhisperModel { get; init; }

    /// <summary>Registrar settings given without <c>--users</c>: valid, but they change nothing (a startup warning says so).</summary>
    public IReadOnlyList<string> UnusedRegistrarSettings { get; init; } = [];

    private static Telephony.Media.Recording.RecordingChannels ParseRecordingChannels(Settings line, string name) => name switch
    {
        "stereo" => Telephony.Media.Recording.RecordingChannels.Stereo,
        "mono" => Telephony.Media.Recording.RecordingChannels.Mono,
        _ => throw line.Error("record-channels", $"must be stereo or mono (got '{name}')"),
    };

    private static string ParseTtsVoice(Settings line, string voice) =>
        voice is "kal" or "slt" or "rms" or "awb" ? voice : throw line.Error("tts-voice", $"must be a flite voice: kal, slt, rms or awb (got '{voice}')");

    private static LogFormat ParseLogFormat(Settings line, string name) => name switch
    {
        "text" => LogFormat.Text,
        "json" => LogFormat.Json,
        _ => throw line.Error("log-format", $"must be text or json (got '{name}')"),
    };

    /// <summary>ADDR:PORT (IPv6 as [ADDR]:PORT), or none.</summary>
    private static IPEndPoint? ParseHttp(Settings line, string? text) => text switch
    {
        null => DefaultHttp,
        "none" => null,
        _ when IPEndPoint.TryParse(text, out var endPoint) && text.Contains(':', StringComparison.Ordinal) && (endPoint.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6 || text.StartsWith('[')) => endPoint,
        _ => throw line.Error("http", $"must be ADDR:PORT (e.g. 127.0.0.1:8080) or none (got '{text}')"),
    };

    private static Telephony.Media.Tones.TonePlan ParseTonePlan(Settings line, string name) =>
        Telephony.Media.Tones.TonePlan.TryParse(name, out var plan) ? plan : throw line.Error("tone-plan", $"must be eu, us or uk (got '{name}')");

    /// <summary>RFC 3261 T1/T2/T4 in milliseconds; T2 must not be below T1 (§17.1.2.2).</summary>
    private static Telephony.Sip.Transactions.SipTimerOptions ParseTimers(Settings line)
    {
        var defaults = Telephony.Sip.Transactions.SipTimerOptions.Default;
        var t1 = line.GetInt("sip-t1", (int)defaults.T1.TotalMilliseconds, 50, 10_000);
        var t2 = line.GetInt("sip-t2", (int)defaults.T2.TotalMilliseconds, 100, 60_000);
        var t4 = line.GetInt("sip-t4", (int)defaults.T4.TotalMilliseconds, 100, 60_000);
        if (t2 < t1)
        {
            throw new UsageException($"--sip-t2 ({t2} ms) must not be below --sip-t1 ({t1} ms)");
        }

        return new(TimeSpan.FromMilliseconds(t1), TimeSpan.FromMilliseconds(t2), TimeSpan.FromMilliseconds(t4));
    }

    /// <summary>"IP[:PORT],..." (IPv6 as [ADDR]:PORT); port 53 when none is given.</summary>
    private static IPEndPoint[] ParseDnsServers(Settings line, string text)
    {
        var servers = new List<IPEndPoint>();
        foreach (var item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (IPAddress.TryParse(item, out var ip))
            {
                servers.Add(new IPEndPoint(ip, 53));
            }
            else if (IPEndPoint.TryParse(item, out var endPoint) && endPoint.Port > 0)
            {
                servers.Add(endPoint);
            }
            else
            {
                throw line.Error("dns-servers", $"must be IP[:PORT] items separated by commas (got '{item}')");
            }
        }

        return servers.Count > 0 ? [.. servers] : throw line.Error("dns-servers", "lists no server");
    }

    /// <summary>Extra CA certificates (PEM, one or more) trusted for TLS connections we open.</summary>
    private static X509Certificate2Collection? LoadRoots(Settings line, string? path)
    {
        if (path is null)
        {
            return null;
        }

        try
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(path);
            return roots.Count > 0 ? roots : throw line.Error("tls-ca", $"has no certificate ({path})");
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw line.Error("tls-ca", $"cannot be loaded from {path}: {e.Message}");
        }
    }

    /// <summary>The TLS certificate from PEM files (certificate chain, private key); null when TLS is not asked for.</summary>
    private static X509Certificate2? LoadCertificate(string? certificate, string? key)
    {
        if (certificate is null && key is null)
        {
            return null;
        }

        if (certificate is null || key is null)
        {
            throw new UsageException("--tls-cert and --tls-key go together (PEM files)");
        }

        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(certificate, key);

            // Re-imported so the private key is usable by SslStream on every platform.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new UsageException($"cannot load the TLS certificate {certificate} / key {key}: {e.Message}");
        }
    }

    /// <summary>The realm goes inside a quoted challenge parameter: printable, no quote or backslash.</summary>
    private static string ParseRealm(Settings line, string text) =>
        text.Length is > 0 and <= 128 && text.All(c => c is >= ' ' and <= '~' and not '"' and not '\\')
            ? text
            : throw line.Error("realm", $"must be 1-128 printable characters without quotes or backslashes (got '{text}')");

    private static string[] ParseAlgorithms(Settings line, string text)
    {
        var list = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(a => a.ToUpperInvariant()).ToArray();
        if (list.Length == 0 || list.Any(a => a is not ("MD5" or "SHA-256")) || list.Distinct().Count() != list.Length)
        {
            throw line.Error("digest-algorithms", $"must list MD5 and/or SHA-256, comma-separated (got '{text}')");
        }

        return list;
    }

    private static IReadOnlyList<IpNetwork> ParseNetworks(Settings line, string text)
    {
        if (text is "" or "none")
        {
            return [];
        }

        try
        {
            return [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(IpNetwork.Parse)];
        }
        catch (FormatException e)
        {
            throw line.Error("trusted", $"must be CIDR networks separated by commas, or 'none' ({e.Message})");
        }
    }

    private static IPAddress ParseAddress(Settings line, string key, string fallback)
    {
        var text = line.Get(key, fallback);
        return IPAddress.TryParse(text, out var ip) ? ip : throw line.Error(key, $"must be an IP address (got '{text}')");
    }

    private static (int, int) ParseRange(Settings line, string text)
    {
        var parts = text.Split('-');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var min)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var max)
            && min >= 1024 && max <= 65534 && max - min >= 2)
        {
            return (min, max);
        }

        throw line.Error("rtp-ports", $"must be MIN-MAX within 1024-65534 (got '{text}')");
    }
}
