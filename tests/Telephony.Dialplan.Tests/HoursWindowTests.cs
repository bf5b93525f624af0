using Telephony.Dialplan.Model;

namespace Telephony.Dialplan.Tests;

public class HoursWindowTests
{
    private const string Text = """
        timezone: America/New_York
        hours:
          support:
            open:
              mon-fri: 08:00-12:00, 13:00-24:00
              fri-sun: 00:00-02:00
            holidays: [07-04, 2026-11-26]
          paris:
            timezone: Europe/Paris
            open:
              daily: 09:00-17:00
        flows:
          main:
            - if: open('support') or open('paris')
              then:
                - hangup
        """;

    private static readonly IReadOnlyDictionary<string, HoursWindow> Hours = Load();

    [TestCase("2026-12-01T12:59:00Z", false, Description = "Tuesday 07:59 EST: not yet open")]
    [TestCase("2026-12-01T13:00:00Z", true, Description = "08:00 EST: the start is included")]
    [TestCase("2026-12-01T17:00:00Z", false, Description = "12:00 EST: the end is excluded (lunch)")]
    [TestCase("2026-12-01T18:00:00Z", true, Description = "13:00 EST")]
    [TestCase("2026-12-02T04:59:00Z", true, Description = "Tuesday 23:59 EST: 24:00 ends at midnight")]
    [TestCase("2026-12-05T06:30:00Z", true, Description = "Saturday 01:30 EST: the fri-sun range wraps")]
    [TestCase("2026-12-07T06:30:00Z", false, Description = "Monday 01:30 EST: not in fri-sun")]
    [TestCase("2026-07-04T14:00:00Z", false, Description = "4 July, every year")]
    [TestCase("2027-07-05T14:00:00Z", true, Description = "the Monday after")]
    [TestCase("2026-11-26T15:00:00Z", false, Description = "Thanksgiving 2026 only")]
    [TestCase("2026-07-06T12:00:00Z", true, Description = "summer: 08:00 EDT is 12:00Z")]
    public void Support_hours_follow_new_york_time_spans_and_holidays(string instant, bool open)
    {
        Assert.That(Hours["support"].IsOpen(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)), Is.EqualTo(open));
    }

    [Test]
    public void A_window_may_have_its_own_timezone()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Hours["paris"].IsOpen(new DateTimeOffset(2026, 1, 10, 8, 30, 0, TimeSpan.Zero)), Is.True, "09:30 in Paris (CET)");
            Assert.That(Hours["paris"].IsOpen(new DateTimeOffset(2026, 7, 10, 15, 30, 0, TimeSpan.Zero)), Is.False, "17:30 in Paris (CEST)");
        });
    }

    private static IReadOnlyDictionary<string, HoursWindow> Load()
    {
        var result = DialplanLoader.Parse("hours.yaml", Text, new DialplanOptions(null));
        return result.Model?.Hours ?? throw new InvalidOperationException(string.Join("\n", result.Diagnostics));
    }
}
