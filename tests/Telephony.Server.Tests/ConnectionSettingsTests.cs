using System.Collections;
using Telephony.Server.Cli;
using Telephony.Server.Config;
using Telephony.Server.Hosting;
using Telephony.Sip.Security;

namespace Telephony.Server.Tests;

/// <summary>--max-connections and --message-timeout (issue 15): parsed into the stack's security options, bad values named.</summary>
public class ConnectionSettingsTests
{
    private static readonly string[] Serve = [.. ServeSettings.All.Select(s => s.Name)];

    private static ServeOptions Options(Dictionary<string, string> flags) => ServeOptions.From(SettingsLoader.Load(null, Serve, flags, new Hashtable()));

    [Test]
    public void The_flags_set_the_cap_and_the_deadline()
    {
        var options = Options(new() { ["max-connections"] = "20", ["message-timeout"] = "7" });

        Assert.Multiple(() =>
        {
            Assert.That(options.Security.EffectiveMaxConnections, Is.EqualTo(20));
            Assert.That(options.Security.MessageTimeout, Is.EqualTo(TimeSpan.FromSeconds(7)));
        });
    }

    [Test]
    public void Without_them_the_cap_follows_the_file_limit_and_the_deadline_is_20_s()
    {
        var options = Options([]);

        Assert.Multiple(() =>
        {
            Assert.That(options.Security.EffectiveMaxConnections, Is.EqualTo(FileLimit.For(FileLimit.Soft, FileLimit.InUse)));
            Assert.That(options.Security.EffectiveMaxConnections, Is.LessThan(FileLimit.Soft));
            Assert.That(options.Security.MessageTimeout, Is.EqualTo(TimeSpan.FromSeconds(20)));
        });
    }

    [TestCase("max-connections", "0")]
    [TestCase("max-connections", "lots")]
    [TestCase("message-timeout", "0")]
    public void A_bad_value_names_the_flag(string flag, string value)
    {
        var error = Assert.Throws<UsageException>(() => Options(new() { [flag] = value }));

        Assert.That(error!.Message, Does.Contain("--" + flag).And.Contain("whole number"));
    }
}
