using Telephony.Dialplan.Model;
using Telephony.Dialplan.Runtime;

namespace Telephony.Dialplan.Tests.Runtime;

/// <summary>Routing: called number, caller patterns, headers, time windows in their timezone with holidays, when, and the default file.</summary>
public class DialplanRouterTests
{
    private const string Shop = """
        dialplan: shop
        timezone: America/New_York
        hours:
          open:
            open:
              mon-fri: 09:00-17:00
            holidays: [12-25, 2026-07-03]
        routes:
          - did: '+15550001'
            caller: ['^\+44', '^\+33']
            flow: europe
          - did: '+15550001'
            headers:
              X-Vip: ^yes$
            flow: vip
          - did: '+15550001'
            open: open
            flow: day
          - did: '+15550001'
            when: caller == '+15559999'
            flow: friend
          - did: '+15550001'
            closed: open
            flow: night
        flows:
          europe: [hangup]
          vip: [hangup]
          day: [hangup]
          night: [hangup]
          friend: [hangup]
        """;

    private const string Default = """
        dialplan: fallback
        flows:
          main: [hangup]
        """;

    [TestCase("+447700900000", "2026-12-01T15:00:00Z", "europe")]
    [TestCase("+15551234", "2026-12-01T15:00:00Z", "day", Description = "10:00 in New York on a Tuesday")]
    [TestCase("+15551234", "2026-12-01T23:00:00Z", "night", Description = "18:00 in New York")]
    [TestCase("+15551234", "2026-12-01T13:30:00Z", "night", Description = "08:30 in New York: before opening although 13:30 UTC")]
    [TestCase("+15551234", "2026-12-25T15:00:00Z", "night", Description = "a yearly holiday")]
    [TestCase("+15551234", "2026-07-03T15:00:00Z", "night", Description = "a one-off holiday")]
    [TestCase("+15551234", "2026-12-05T15:00:00Z", "night", Description = "Saturday")]
    public void Caller_and_time_rules(string caller, string utc, string flow) =>
        Assert.That(Route(caller, "+15550001", utc)?.Flow.Name, Is.EqualTo(flow));

    [Test]
    public void Header_rule()
    {
        var match = DialplanRouter.Route([Load(Shop)], Call("+15551234", "+15550001", new() { ["X-Vip"] = "yes" }), At("2026-12-01T15:00:00Z"));

        Assert.That(match?.Flow.Name, Is.EqualTo("vip"));
    }

    [Test]
    public void When_rule_sees_the_caller()
    {
        // Out of hours, so the day route passes; the when route comes before the night route.
        Assert.That(DialplanRouter.Route([Load(Shop)], Call("+15559999", "+15550001"), At("2026-12-01T23:00:00Z"))?.Flow.Name, Is.EqualTo("friend"));
    }

    [Test]
    public void The_default_file_takes_only_what_no_other_file_claims_wherever_it_sorts()
    {
        var files = new[] { Load(Default), Load(Shop) };

        Assert.Multiple(() =>
        {
            Assert.That(DialplanRouter.Route(files, Call("+447700900000", "+15550001"), At("2026-12-01T15:00:00Z"))?.Describe(), Is.EqualTo("shop/europe"));
            Assert.That(DialplanRouter.Route(files, Call("+447700900000", "+15550002"), At("2026-12-01T15:00:00Z"))?.Describe(), Is.EqualTo("fallback/main"));
            Assert.That(DialplanRouter.Route([Load(Shop)], Call("+447700900000", "+15550002"), At("2026-12-01T15:00:00Z")), Is.Null);
        });
    }

    [TestCase("sip:+15551234@example.com;user=phone", "+15551234")]
    [TestCase("<sips:alice@example.com>", "alice")]
    [TestCase("tel:+15551234", "+15551234")]
    [TestCase("100", "100")]
    public void Numbers_are_the_user_part_of_uris(string uri, string number) => Assert.That(CallInfo.UserPart(uri), Is.EqualTo(number));

    private static RouteMatch? Route(string caller, string did, string utc) => DialplanRouter.Route([Load(Shop)], Call(caller, did), At(utc));

    private static CallInfo Call(string caller, string did, Dictionary<string, string>? headers = null) =>
        new("test", caller, string.Empty, did, name => headers?.GetValueOrDefault(name) ?? string.Empty);

    private static FixedClock At(string utc) => new(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture));

    private static DialplanModel Load(string yaml)
    {
        var result = DialplanLoader.Parse("test.yaml", yaml, new DialplanOptions(null));
        Assert.That(result.Diagnostics.Select(d => d.ToString()), Is.Empty);
        return result.Model!;
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
