using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Telephony.Server.Hosting;
using Telephony.Server.Logging;

namespace Telephony.Server.Tests;

/// <summary>The log as operators' tools read it: text lines unchanged (fail2ban), JSON lines for shippers.</summary>
public class LogFormatTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 6, 0, 1, 234, TimeSpan.Zero);

    private static string Log(LogFormat format, string line)
    {
        using var output = new StringWriter();
        using var provider = new LineLoggerProvider(new LogLineWriter(format, output, new FakeTimeProvider(At)));
        using var loggers = LoggerFactory.Create(b => b.AddProvider(provider));
        new LayerLog(loggers).Write(line);
        return output.ToString();
    }

    [Test]
    public void A_security_line_in_text_mode_is_the_timestamp_a_space_and_the_line_byte_for_byte()
    {
        const string line = "SECURITY ban ip=203.0.113.9 reason=rate-limit limit=20/s burst=40 ban_seconds=3";

        // What the server wrote before the Generic Host (ConsoleLog): ISO 8601 UTC with milliseconds, a space, the line.
        Assert.That(Log(LogFormat.Text, line), Is.EqualTo("2026-12-02T06:00:01.234Z " + line + Environment.NewLine));
    }

    [TestCase("SECURITY scanner ip=203.0.113.9 user_agent=\"friendly-scanner\"", "warning", "Telephony.Security")]
    [TestCase("warning: prompt 'welcome' missing in /x; calls will skip it", "warning", "Telephony.Server")]
    [TestCase("error: cannot listen on port 5060: Address already in use", "error", "Telephony.Server")]
    [TestCase("telephony: listening for SIP on udp 127.0.0.1:5060", "info", "Telephony.Server")]
    [TestCase("trunk carrier: registered via 192.0.2.1:5060 until 2026-12-02T07:00:00Z", "info", "Telephony.Sip.Registration")]
    [TestCase("CDR write failed (attempt 2): disk I/O error", "error", "Telephony.Storage")]
    [TestCase("dialplans: rejected bank.yaml (3 errors); the previous version serves", "warning", "Telephony.Dialplan")]
    [TestCase("call 1234@127.0.0.1: answered PCMU", "info", "Telephony.Calls")]
    public void A_json_line_is_one_object_with_timestamp_level_category_and_message(string line, string level, string category)
    {
        var text = Log(LogFormat.Json, line);

        var json = JsonDocument.Parse(text).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(text.TrimEnd('\n', '\r'), Does.Not.Contain('\n'));
            Assert.That(json.GetProperty("timestamp").GetString(), Is.EqualTo("2026-12-02T06:00:01.234Z"));
            Assert.That(json.GetProperty("level").GetString(), Is.EqualTo(level));
            Assert.That(json.GetProperty("category").GetString(), Is.EqualTo(category));
            Assert.That(json.GetProperty("message").GetString(), Is.EqualTo(line));
        });
    }
}
