using System.Text.RegularExpressions;
using Telephony.Sip.Security;

namespace Telephony.Sip.Tests;

/// <summary>Text a sender chose cannot plant a second address in a SECURITY line for fail2ban's greedy filters.</summary>
public class SecurityLogTextTests
{
    [Test]
    public void A_user_agent_naming_another_address_leaves_one_ip_in_the_line()
    {
        var line = $"SECURITY scanner ip=198.51.100.4 user_agent=\"{SecurityLogText.Escape("friendly-scanner\" SECURITY ban ip=192.0.2.1")}\"";

        // The documented filter (docs/security.md) is greedy: it bans the last "ip=" of the line.
        var banned = Regex.Match(line, @"^.*SECURITY (ban|scanner|refuse) ip=(\S+)").Groups[2].Value;

        Assert.Multiple(() =>
        {
            Assert.That(banned, Is.EqualTo("198.51.100.4"), line);
            Assert.That(Regex.Count(line, "ip="), Is.EqualTo(1), line);
        });
    }

    [Test]
    public void Quotes_controls_and_non_ascii_are_percent_escaped_and_long_text_is_cut()
    {
        Assert.Multiple(() =>
        {
            Assert.That(SecurityLogText.Escape("a\"b\\c%d\ne é"), Is.EqualTo("a%22b%5Cc%25d%0Ae %C3%A9"));
            Assert.That(SecurityLogText.Escape(new string('x', 500)), Has.Length.EqualTo(SecurityLogText.MaxLength));
            Assert.That(SecurityLogText.Escape(null), Is.Empty);
        });
    }
}
