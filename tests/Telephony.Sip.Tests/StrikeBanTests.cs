using System.Net;
using Microsoft.Extensions.Time.Testing;
using Telephony.Sip.Security;

namespace Telephony.Sip.Tests;

/// <summary>Strikes (a 2xx never ACKed) ban a source like a rate offender: at the threshold within a minute, once, trusted exempt.</summary>
public class StrikeBanTests
{
    private static readonly IPAddress Source = IPAddress.Parse("203.0.113.9");

    [Test]
    public void Three_strikes_within_a_minute_ban_the_source_with_one_line()
    {
        var time = new FakeTimeProvider();
        var log = new List<string>();
        var limiter = new SourceRateLimiter(new SecurityOptions { RequestsPerSecond = 200, Burst = 400, BanDuration = TimeSpan.FromSeconds(60), Trusted = [] }, time, log.Add);

        Assert.That(limiter.Strike(Source, "no-ack", 3), Is.False);
        Assert.That(limiter.Strike(Source, "no-ack", 3), Is.False);
        Assert.That(limiter.Allow(Source), Is.True);
        Assert.That(limiter.Strike(Source, "no-ack", 3), Is.True);

        Assert.Multiple(() =>
        {
            Assert.That(limiter.Allow(Source), Is.False, "banned");
            Assert.That(log, Is.EqualTo(new[] { "SECURITY ban ip=203.0.113.9 reason=no-ack strikes=3 ban_seconds=60" }));
            Assert.That(limiter.Bans, Is.EqualTo(1));
        });

        time.Advance(TimeSpan.FromSeconds(61));
        Assert.That(limiter.Allow(Source), Is.True, "the ban ends");
    }

    [Test]
    public void Strikes_further_apart_than_a_minute_do_not_add_up()
    {
        var time = new FakeTimeProvider();
        var limiter = new SourceRateLimiter(new SecurityOptions { Trusted = [] }, time, null);

        for (var i = 0; i < 5; i++)
        {
            Assert.That(limiter.Strike(Source, "no-ack", 3), Is.False);
            time.Advance(TimeSpan.FromSeconds(31));
        }
    }

    [Test]
    public void Trusted_sources_are_never_struck_and_a_ban_holds_with_the_rate_limit_off()
    {
        var time = new FakeTimeProvider();
        var trusted = new SourceRateLimiter(new SecurityOptions { Trusted = [IpNetwork.Parse("203.0.113.0/24")] }, time, null);
        var noRate = new SourceRateLimiter(new SecurityOptions { RequestsPerSecond = 0, Trusted = [] }, time, null);

        for (var i = 0; i < 3; i++)
        {
            trusted.Strike(Source, "no-ack", 3);
            noRate.Strike(Source, "no-ack", 3);
        }

        Assert.Multiple(() =>
        {
            Assert.That(trusted.Allow(Source), Is.True);
            Assert.That(noRate.Allow(Source), Is.False);
        });
    }
}
