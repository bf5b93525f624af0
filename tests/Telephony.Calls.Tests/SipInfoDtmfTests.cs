using System.Text;
using Telephony.Calls.Dtmf;

namespace Telephony.Calls.Tests;

public class SipInfoDtmfTests
{
    [TestCase("application/dtmf-relay", "Signal=5\r\nDuration=160\r\n", '5', 160)]
    [TestCase("application/dtmf-relay", "Signal= *\r\nDuration= 250", '*', 250)]
    [TestCase("Application/DTMF-Relay; charset=x", "signal=11\nduration=100", '#', 100)]
    [TestCase("application/dtmf-relay", "Signal=d", 'D', 0)]
    [TestCase("application/dtmf", "7", '7', 0)]
    [TestCase("application/dtmf", " # \r\n", '#', 0)]
    public void Known_bodies_give_the_key_and_its_duration(string type, string body, char digit, int duration)
    {
        Assert.That(SipInfoDtmf.TryParse(type, Encoding.ASCII.GetBytes(body), out var d, out var ms), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(d, Is.EqualTo(digit));
            Assert.That(ms, Is.EqualTo(duration));
        });
    }

    [TestCase("application/dtmf-relay", "Duration=160")]
    [TestCase("application/dtmf-relay", "Signal=E")]
    [TestCase("application/dtmf-relay", "Signal=12")]
    [TestCase("application/dtmf", "55")]
    [TestCase("application/sdp", "Signal=5")]
    [TestCase(null, "5")]
    public void Anything_else_is_refused(string? type, string body) =>
        Assert.That(SipInfoDtmf.TryParse(type, Encoding.ASCII.GetBytes(body), out _, out _), Is.False);
}
