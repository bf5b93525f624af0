using Telephony.Dialplan.Simulation;

namespace Telephony.Dialplan.Tests.Runtime;

/// <summary>The simulator's <c>--input</c> and <c>--at</c> syntax.</summary>
public class SimulatedInputTests
{
    [TestCase("1 2 #", "1 2 #")]
    [TestCase("12#", "1 2 #")]
    [TestCase("say:report an outage 1", "say:report an outage 1")]
    [TestCase("say:check a report", "say:check a report", Description = "a lower-case a is a word, not the key A")]
    [TestCase("say:'route 66' A", "say:route 66 A")]
    [TestCase("wait:1.5s wait:500ms wait:2m hangup", "wait:1.5s wait:0.5s wait:120s hangup")]
    [TestCase("transfer:fail transfer:ok", "transfer:fail transfer:ok")]
    [TestCase("", "")]
    public void Parses(string input, string expected) =>
        Assert.That(string.Join(' ', SimulatedInput.Parse(input)), Is.EqualTo(expected));

    [TestCase("1 x", "'x' is not an input")]
    [TestCase("wait:soon", "'soon' is not a duration")]
    [TestCase("say:", "say: needs words")]
    public void Rejects(string input, string message) =>
        Assert.That(() => SimulatedInput.Parse(input), Throws.TypeOf<FormatException>().With.Message.Contains(message));

    [Test]
    public void At_is_read_in_the_dialplans_zone_unless_it_has_an_offset()
    {
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

        Assert.Multiple(() =>
        {
            Assert.That(DialplanSimulator.ParseTime("2026-07-01T10:00", london), Is.EqualTo(new DateTimeOffset(2026, 7, 1, 9, 0, 0, TimeSpan.Zero)), "summer time");
            Assert.That(DialplanSimulator.ParseTime("2026-12-25T10:00", london), Is.EqualTo(new DateTimeOffset(2026, 12, 25, 10, 0, 0, TimeSpan.Zero)));
            Assert.That(DialplanSimulator.ParseTime("2026-07-01T10:00+02:00", london), Is.EqualTo(new DateTimeOffset(2026, 7, 1, 8, 0, 0, TimeSpan.Zero)));
            Assert.That(DialplanSimulator.ParseTime("2026-07-01T10:00Z", london), Is.EqualTo(new DateTimeOffset(2026, 7, 1, 10, 0, 0, TimeSpan.Zero)));
        });
    }
}
