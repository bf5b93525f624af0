using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Telephony.Server.Cli;
using Telephony.Server.Config;
using Telephony.Server.Hosting;

namespace Telephony.Server.Tests;

/// <summary>
/// Every option that a command's --help documents parses with a valid value, and every flag the
/// README's usage blocks show is one the command has: new options and new docs are covered by
/// these tests without editing them (only a sample value is needed for a new placeholder).
/// </summary>
public partial class OptionCoverageTests
{
    private static readonly string[][] Commands =
        [["serve"], ["cdr", "list"], ["sip", "lint"], ["dialplan", "validate"], ["dialplan", "graph"], ["dialplan", "simulate"], ["call"], ["calls"], ["hangup"], ["asr"], ["tts"], ["prompts", "render"], ["queue", "validate"], ["agent", "list"], ["agent", "login"], ["agent", "logout"], ["agent", "pause"], ["agent", "unpause"], ["agent", "explain"]];

    private static readonly string Temp = Directory.CreateTempSubdirectory("options-").FullName;

    private static string Write(string name, string text)
    {
        var path = Path.Combine(Temp, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>A valid value for each option; a documented option missing here fails the test.</summary>
    private static Dictionary<string, string[]> Samples()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=telephony.test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var cert = Write("cert.pem", certificate.ExportCertificatePem());
        var pem = Write("key.pem", key.ExportPkcs8PrivateKeyPem());
        return new(StringComparer.Ordinal)
        {
            ["config"] = [Write("telephony.yaml", "sip-port: 5070\n")], ["sip-port"] = ["5070"], ["bind"] = ["127.0.0.1"], ["advertise"] = ["192.0.2.1"],
            ["data"] = [Temp], ["dialplans"] = [Temp], ["prompts"] = [Temp], ["record"] = [Temp], ["rtp-ports"] = ["12000-13000"], ["rtp-bind"] = ["127.0.0.1"],
            ["ring-time"] = ["100"], ["digit-timeout"] = ["3000"], ["record-channels"] = ["mono"], ["rtp-timeout"] = ["10"], ["tone-plan"] = ["us"],
            ["quiet"] = [], ["log-format"] = ["json"], ["http"] = ["127.0.0.1:9090"], ["api-tokens"] = [Write("tokens", "admin:t0ken\n")],
            ["rate-limit"] = ["50"], ["ban-seconds"] = ["30"], ["trusted"] = ["10.0.0.0/8,::1/128"], ["max-message-bytes"] = ["8192"], ["max-connections"] = ["200"], ["message-timeout"] = ["15"],
            ["sip-t1"] = ["1000"], ["sip-t2"] = ["8000"], ["sip-t4"] = ["6000"], ["users"] = [Write("users.txt", "alice:secret\n")], ["realm"] = ["example"],
            ["tls-cert"] = [cert, "--tls-key", pem], ["tls-key"] = [pem, "--tls-cert", cert], ["tls-port"] = ["5062"],
            ["trunks"] = [Write("trunks.yaml", "trunks:\n  - name: carrier\n    host: 127.0.0.1\n")], ["tls-ca"] = [cert], ["dns-servers"] = ["127.0.0.1:5353"],
            ["digest-algorithms"] = ["MD5,SHA-256"], ["last"] = ["5"], ["json"] = [], ["no-prompt-check"] = [], ["format"] = ["dot"],
            ["from"] = ["+15551230000"], ["to"] = ["+15551239999"], ["input"] = ["1 2 #"], ["at"] = ["2026-12-25T10:00"], ["header"] = ["X-Account: 42"],
            ["var"] = ["base=http://127.0.0.1:9"], ["server"] = ["http://127.0.0.1:9"], ["token"] = ["t0ken"], ["trunk"] = ["carrier"], ["flow"] = ["demo/main"],
            ["grammar"] = [Write("menu.gram", "#JSGF V1.0;\ngrammar menu;\npublic <a> = billing | sales;\n")], ["keywords"] = ["billing,sales"], ["free"] = [], ["telephone"] = [],
            ["raw-rate"] = ["16000"], ["engine"] = ["pocketsphinx"], ["details"] = [], ["reason"] = ["lunch"], ["queues"] = [Write("queues.yaml", "queues:\n  - name: q\nagents:\n  - name: a\n    sip_user: \"1001\"\n    password: p\n    queues: [q]\n")],
            ["timeout"] = ["30"], ["max-calls"] = ["500"], ["max-calls-per-source"] = ["50"], ["max-unconfirmed-per-source"] = ["10"], ["whisper-model"] = [Write("ggml-base.bin", "checked by serve, not by option parsing")],
            ["voice"] = ["slt"], ["tts-voice"] = ["slt"], ["language"] = ["de"], ["rate"] = ["16000"], ["speed"] = ["1.2"], ["output"] = [Path.Combine(Temp, "out.wav")],
        };
    }

    private static string Help(params string[] command)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = Program.RunAsync([.. command, "--help"], output, error).GetAwaiter().GetResult();
        Assert.That(code, Is.Zero, error.ToString());
        return output.ToString();
    }

    /// <summary>"--name" of every option line in a --help text ("  --sip-port &lt;N&gt;  SIP port...").</summary>
    private static List<string> Documented(string help) =>
        [.. OptionLine().Matches(help).Select(m => m.Groups[1].Value).Where(o => o != "--help")];

    public static IEnumerable<TestCaseData> AllCommands() => Commands.Select(c => new TestCaseData(string.Join(' ', c)));

    [TestCaseSource(nameof(AllCommands))]
    public void Every_documented_option_parses_with_a_valid_value(string words)
    {
        var command = words.Split(' ');
        var samples = Samples();
        var documented = Documented(Help(command));
        Assert.That(documented, command is ["sip", "lint"] or ["queue", "validate"] ? Is.Empty : Is.Not.Empty);
        foreach (var flag in documented)
        {
            var name = flag[2..];
            Assert.That(samples.ContainsKey(name), $"add a sample value for {flag} to {nameof(OptionCoverageTests)}");
            var args = new List<string>(command) { flag };
            args.AddRange(samples[name]);
            if (command is ["sip" or "dialplan", _] or ["call"] or ["hangup"] or ["asr"])
            {
                args.Add(command is ["call"] ? "sip:bob@127.0.0.1" : command is ["hangup"] ? "call-1" : Path.Combine(Temp, "plan.yaml"));
            }

            var root = CliDefinition.Create();
            var result = root.Parse(args);
            Assert.That(result.Errors.Select(e => e.Message).Concat(ParseErrors.OptionTakenAsArgument(result) is { } s ? [s] : []), Is.Empty, string.Join(' ', args));
            var leaf = result.CommandResult.Command;
            var given = Flags.Given(result, leaf.Options);
            Assert.That(given, Does.ContainKey(name), string.Join(' ', args));
            if (command is ["serve"])
            {
                var settings = SettingsLoader.Load(null, [.. ServeSettings.All.Select(s => s.Name)], given, new System.Collections.Hashtable());
                Assert.DoesNotThrow(() => ServeOptions.From(settings), string.Join(' ', args));
                if (samples[name] is [var value, ..] && name != "config")
                {
                    Assert.That(settings.Get(name), Is.EqualTo(value));
                }
            }
        }
    }

    [Test]
    public void Every_flag_in_the_readme_usage_blocks_is_an_option_of_its_command()
    {
        var readme = File.ReadAllText(Path.Combine(RepoRoot(), "README.md"));
        var sections = Regex.Matches(readme, @"^### `telephony ([a-z ]+?)(?: [A-Z]+)?`\s*\n+```\n(.*?)```", RegexOptions.Multiline | RegexOptions.Singleline);
        var checkedSections = 0;
        foreach (Match section in sections)
        {
            var command = section.Groups[1].Value.Split(' ');
            if (command is ["test"])
            {
                continue;
            }

            var help = Help(command);
            foreach (var flag in Regex.Matches(section.Groups[2].Value, @"(?<![\w-])--[a-z][a-z0-9-]*").Select(m => m.Value).Distinct())
            {
                Assert.That(help, Does.Contain("  " + flag + " ").Or.Contain("  " + flag + "\n").Or.Contain(", " + flag + " "), $"README documents {flag} for 'telephony {string.Join(' ', command)}'");
            }

            checkedSections++;
        }

        Assert.That(checkedSections, Is.GreaterThanOrEqualTo(Commands.Length));
    }

    [Test]
    public void The_main_help_lists_every_command_with_its_words()
    {
        var help = Help();

        Assert.That(help, Does.Contain("  serve ").And.Contain("  cdr list ").And.Contain("  sip lint ").And.Contain("  dialplan validate ")
            .And.Contain("  dialplan graph ").And.Contain("  dialplan simulate ").And.Contain("  call ").And.Contain("  calls ").And.Contain("  hangup ").And.Contain("  asr ").And.Contain("  test "));
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Telephony.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Telephony.sln not found above the test directory");
    }

    [GeneratedRegex(@"^ {2}(?:-\S+, )*(--[a-z][a-z0-9-]*)(?: <[^>]+>)?(?: {2,}|$)", RegexOptions.Multiline)]
    private static partial Regex OptionLine();
}
