using System.Collections;
using Telephony.Server.Cli;
using Telephony.Server.Config;
using Telephony.Server.Hosting;

namespace Telephony.Server.Tests;

/// <summary>Config file, environment and flags: precedence, and errors that name where the bad value came from.</summary>
public class SettingsTests
{
    private static readonly string[] Serve = [.. ServeSettings.All.Select(s => s.Name)];

    private static string File(string text)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("config-").FullName, "telephony.yaml");
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    private static Settings Load(string? file, IDictionary env, Dictionary<string, string> flags) => SettingsLoader.Load(file, Serve, flags, env);

    [Test]
    public void A_flag_beats_the_environment_which_beats_the_file()
    {
        var file = File("sip-port: 5071\nrtp-ports: 12000-13000\nquiet: true\n");
        var env = new Hashtable { ["TELEPHONY_SIP_PORT"] = "5072", ["TELEPHONY_RTP_PORTS"] = "14000-15000" };

        var all = ServeOptions.From(Load(file, env, new() { ["sip-port"] = "5073" }));
        var noFlag = ServeOptions.From(Load(file, env, []));
        var fileOnly = ServeOptions.From(Load(file, new Hashtable(), []));

        Assert.Multiple(() =>
        {
            Assert.That((all.SipPort, all.RtpMin, all.Quiet), Is.EqualTo((5073, 14000, true)));
            Assert.That((noFlag.SipPort, noFlag.RtpMax), Is.EqualTo((5072, 15000)));
            Assert.That((fileOnly.SipPort, fileOnly.RtpMin), Is.EqualTo((5071, 12000)));
        });
    }

    [Test]
    public void A_bad_value_is_reported_with_its_source()
    {
        var file = File("# the test's config\nbind: 127.0.0.1\nsip-port: 99999\n");

        var fromFile = Assert.Throws<UsageException>(() => ServeOptions.From(Load(file, new Hashtable(), [])));
        var fromEnv = Assert.Throws<UsageException>(() => ServeOptions.From(Load(file, new Hashtable { ["TELEPHONY_SIP_PORT"] = "x" }, [])));
        var fromFlag = Assert.Throws<UsageException>(() => ServeOptions.From(Load(file, new Hashtable { ["TELEPHONY_SIP_PORT"] = "x" }, new() { ["sip-port"] = "-1" })));

        Assert.Multiple(() =>
        {
            Assert.That(fromFile!.Message, Is.EqualTo($"{file}:3:11: error: sip-port must be a whole number from 0 to 65535 (got '99999')"));
            Assert.That(fromEnv!.Message, Is.EqualTo("TELEPHONY_SIP_PORT: sip-port must be a whole number from 0 to 65535 (got 'x')"));
            Assert.That(fromFlag!.Message, Is.EqualTo("--sip-port must be a whole number from 0 to 65535 (got '-1')"));
        });
    }

    [Test]
    public void Unknown_keys_in_the_file_are_errors_with_a_hint()
    {
        var file = File("sip-prot: 5070\nrecord-channels: mono\n");

        var error = Assert.Throws<UsageException>(() => Load(file, new Hashtable(), []));

        Assert.That(error!.Message, Is.EqualTo($"{file}:1:1: error: unknown key 'sip-prot' (did you mean 'sip-port'?)"));
    }

    [Test]
    public void A_missing_explicit_config_file_is_an_error_naming_it()
    {
        var error = Assert.Throws<UsageException>(() => Load("/nonexistent/telephony.yaml", new Hashtable(), []));

        Assert.That(error!.Message, Does.Contain("/nonexistent/telephony.yaml"));
    }

    [Test]
    public void Broken_yaml_is_reported_at_its_position()
    {
        var file = File("sip-port: [5070\n");

        var error = Assert.Throws<UsageException>(() => Load(file, new Hashtable(), []));

        Assert.That(error!.Message, Does.Match($@"^{System.Text.RegularExpressions.Regex.Escape(file)}:\d+:\d+: error: not valid YAML"));
    }

    [TestCase("quiet", "maybe", "must be true or false")]
    [TestCase("http", "8080", "must be ADDR:PORT")]
    [TestCase("log-format", "xml", "must be text or json")]
    [TestCase("record-channels", "quad", "must be stereo or mono")]
    public void Every_source_reports_bad_values_of_new_options(string key, string value, string problem)
    {
        var env = new Hashtable { [Setting.EnvironmentName(key)] = value };

        var error = Assert.Throws<UsageException>(() => ServeOptions.From(Load(null, env, [])));

        Assert.That(error!.Message, Does.StartWith($"{Setting.EnvironmentName(key)}: {key} {problem}").And.Contain($"'{value}'"));
    }

    [Test]
    public void Http_defaults_to_loopback_8080_and_none_disables_it()
    {
        var byDefault = ServeOptions.From(Load(null, new Hashtable(), []));
        var none = ServeOptions.From(Load(null, new Hashtable(), new() { ["http"] = "none" }));
        var v6 = ServeOptions.From(Load(null, new Hashtable(), new() { ["http"] = "[::1]:9090", ["api-tokens"] = "/etc/telephony/tokens" }));

        Assert.Multiple(() =>
        {
            Assert.That(byDefault.Http?.ToString(), Is.EqualTo("127.0.0.1:8080"));
            Assert.That(none.Http, Is.Null);
            Assert.That(v6.Http?.ToString(), Is.EqualTo("[::1]:9090"));
            Assert.That(v6.ApiTokensFile, Is.EqualTo("/etc/telephony/tokens"));
        });
    }
}
