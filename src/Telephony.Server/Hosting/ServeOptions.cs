using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Telephony.Server.Cli;
using Telephony.Sip.Registration;
using Telephony.Sip.Security;

namespace Telephony.Server.Hosting;

/// <summary>The settings of <c>telephony serve</c>, from its flags.</summary>
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
    Telephony.Media.Recording.RecordingChannels RecordingChannels)
{
    public static ServeOptions From(CommandLine line)
    {
        var (rtpMin, rtpMax) = ParseRange(line.Get("--rtp-ports", "10000-20000"));
        return new ServeOptions(
            ParseAddress(line.Get("--bind", "0.0.0.0"), "--bind"),
            line.GetInt("--sip-port", 5060, 0, 65535),
            line.Get("--advertise") is { } adv ? ParseAddress(adv, "--advertise") : null,
            line.Get("--data", "./data"),
            line.Get("--dialplans", "./dialplans"),
            line.Get("--prompts", "./prompts"),
            rtpMin,
            rtpMax,
            TimeSpan.FromMilliseconds(line.GetInt("--ring-time", 0, 0, 600_000)),
            TimeSpan.FromMilliseconds(line.GetInt("--digit-timeout", 5000, 100, 600_000)),
            line.Has("--quiet"),
            new SecurityOptions
            {
                RequestsPerSecond = line.GetInt("--rate-limit", SecurityOptions.Default.RequestsPerSecond, 0, 1_000_000),
                Burst = line.GetInt("--rate-limit", SecurityOptions.Default.RequestsPerSecond, 0, 1_000_000) * 2,
                BanDuration = TimeSpan.FromSeconds(line.GetInt("--ban-seconds", (int)SecurityOptions.Default.BanDuration.TotalSeconds, 1, 86_400)),
                Trusted = line.Get("--trusted") is { } trusted ? ParseNetworks(trusted) : SecurityOptions.Default.Trusted,
            },
            line.GetInt("--max-message-bytes", 16 * 1024, 1024, 1024 * 1024),
            line.Get("--users") is { } users
                ? new RegistrarOptions(line.Get("--realm", "telephony"), UsersFile.Load(users)) { Algorithms = ParseAlgorithms(line.Get("--digest-algorithms", "SHA-256,MD5")) }
                : null,
            LoadCertificate(line.Get("--tls-cert"), line.Get("--tls-key")),
            line.GetInt("--tls-port", 5061, 0, 65535),
            line.Get("--trunks") is { } trunks ? Telephony.Server.Trunks.TrunksFile.Load(trunks) : [],
            LoadRoots(line.Get("--tls-ca")),
            line.Get("--dns-servers") is { } dns ? ParseDnsServers(dns) : null,
            ParseTimers(line),
            line.GetInt("--rtp-timeout", 30, 0, 86_400),
            line.Get("--record"),
            ParseTonePlan(line.Get("--tone-plan", "eu")),
            ParseRecordingChannels(line.Get("--record-channels", "stereo")));
    }

    private static Telephony.Media.Recording.RecordingChannels ParseRecordingChannels(string name) => name switch
    {
        "stereo" => Telephony.Media.Recording.RecordingChannels.Stereo,
        "mono" => Telephony.Media.Recording.RecordingChannels.Mono,
        _ => throw new UsageException($"--record-channels must be stereo or mono (got '{name}')"),
    };

    private static Telephony.Media.Tones.TonePlan ParseTonePlan(string name) =>
        Telephony.Media.Tones.TonePlan.TryParse(name, out var plan) ? plan : throw new UsageException($"--tone-plan must be eu, us or uk (got '{name}')");

    /// <summary>RFC 3261 T1/T2/T4 in milliseconds; T2 must not be below T1 (§17.1.2.2).</summary>
    private static Telephony.Sip.Transactions.SipTimerOptions ParseTimers(CommandLine line)
    {
        var defaults = Telephony.Sip.Transactions.SipTimerOptions.Default;
        var t1 = line.GetInt("--sip-t1", (int)defaults.T1.TotalMilliseconds, 50, 10_000);
        var t2 = line.GetInt("--sip-t2", (int)defaults.T2.TotalMilliseconds, 100, 60_000);
        var t4 = line.GetInt("--sip-t4", (int)defaults.T4.TotalMilliseconds, 100, 60_000);
        if (t2 < t1)
        {
            throw new UsageException($"--sip-t2 ({t2} ms) must not be below --sip-t1 ({t1} ms)");
        }

        return new(TimeSpan.FromMilliseconds(t1), TimeSpan.FromMilliseconds(t2), TimeSpan.FromMilliseconds(t4));
    }

    /// <summary>"IP[:PORT],..." (IPv6 as [ADDR]:PORT); port 53 when none is given.</summary>
    private static IPEndPoint[] ParseDnsServers(string text)
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
                throw new UsageException($"--dns-servers must be IP[:PORT] items separated by commas (got '{item}')");
            }
        }

        return servers.Count > 0 ? [.. servers] : throw new UsageException("--dns-servers lists no server");
    }

    /// <summary>Extra CA certificates (PEM, one or more) trusted for TLS connections we open.</summary>
    private static X509Certificate2Collection? LoadRoots(string? path)
    {
        if (path is null)
        {
            return null;
        }

        try
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(path);
            return roots.Count > 0 ? roots : throw new UsageException($"--tls-ca: no certificate in {path}");
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--tls-ca: cannot load {path}: {e.Message}");
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

    private static string[] ParseAlgorithms(string text)
    {
        var list = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(a => a.ToUpperInvariant()).ToArray();
        if (list.Length == 0 || list.Any(a => a is not ("MD5" or "SHA-256")) || list.Distinct().Count() != list.Length)
        {
            throw new UsageException($"--digest-algorithms must list MD5 and/or SHA-256, comma-separated (got '{text}')");
        }

        return list;
    }

    private static IReadOnlyList<IpNetwork> ParseNetworks(string text)
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
            throw new UsageException($"--trusted must be CIDR networks separated by commas, or 'none' ({e.Message})");
        }
    }

    private static IPAddress ParseAddress(string text, string flag) =>
        IPAddress.TryParse(text, out var ip) ? ip : throw new UsageException($"{flag} must be an IP address (got '{text}')");

    private static (int, int) ParseRange(string text)
    {
        var parts = text.Split('-');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var min)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var max)
            && min >= 1024 && max <= 65534 && max - min >= 2)
        {
            return (min, max);
        }

        throw new UsageException($"--rtp-ports must be MIN-MAX within 1024-65534 (got '{text}')");
    }
}
