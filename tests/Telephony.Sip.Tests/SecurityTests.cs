using System.Net;
using Microsoft.Extensions.Time.Testing;
using Telephony.Sip.Security;

namespace Telephony.Sip.Tests;

public class SecurityTests
{
    private static readonly IPAddress Attacker = IPAddress.Parse("203.0.113.9");

    [Test]
    public void A_source_over_its_rate_is_banned_for_the_ban_duration_with_one_fail2ban_line()
    {
        var time = new FakeTimeProvider();
        var log = new List<string>();
        var limiter = new SourceRateLimiter(new SecurityOptions { RequestsPerSecond = 10, Burst = 5, BanDuration = TimeSpan.FromSeconds(60) }, time, log.Add);

        var allowed = Enumerable.Range(0, 100).Count(_ => limiter.Allow(Attacker));

        Assert.Multiple(() =>
        {
            Assert.That(allowed, Is.EqualTo(15), "rate plus burst get through at once");
            Assert.That(log, Is.EqualTo(new[] { "SECURITY ban ip=203.0.113.9 reason=rate-limit limit=10/s burst=5 ban_seconds=60" }));
            Assert.That(limiter.Bans, Is.EqualTo(1));
        });

        time.Advance(TimeSpan.FromSeconds(59));
        Assert.That(limiter.Allow(Attacker), Is.False, "still banned");
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.That(limiter.Allow(Attacker), Is.True, "ban over");
    }

    [Test]
    public void A_source_within_its_rate_is_never_limited()
    {
        var time = new FakeTimeProvider();
        var limiter = new SourceRateLimiter(new SecurityOptions { RequestsPerSecond = 10, Burst = 0 }, time, null);

        for (var i = 0; i < 1000; i++)
        {
            Assert.That(limiter.Allow(Attacker), Is.True, $"request {i}");
            time.Advance(TimeSpan.FromMilliseconds(100));
        }
    }

    [Test]
    public void Trusted_networks_and_a_zero_rate_are_not_limited()
    {
        var time = new FakeTimeProvider();
        var trusted = new SourceRateLimiter(new SecurityOptions { RequestsPerSecond = 1, Burst = 0, Trusted = [IpNetwork.Parse("203.0.113.0/24")] }, time, null);
        var off = new SourceRateLimiter(new SecurityOptions { RequestsPerSecond = 0 }, time, null);

        Assert.That(Enumerable.Range(0, 100).All(_ => trusted.Allow(Attacker) && off.Allow(Attacker)), Is.True);
    }

    [Test]
    public void Sweep_forgets_idle_sources_but_not_banned_ones()
    {
        var time = new FakeTimeProvider();
        var limiter = new SourceRateLimiter(new SecurityOptions { RequestsPerSecond = 1, Burst = 0, BanDuration = TimeSpan.FromMinutes(10) }, time, null);
        limiter.Allow(IPAddress.Parse("198.51.100.1"));
        limiter.Allow(Attacker);
        limiter.Allow(Attacker);
        limiter.Allow(Attacker);

        time.Advance(TimeSpan.FromMinutes(2));
        limiter.Sweep();

        Assert.That(limiter.TrackedSources, Is.EqualTo(1));
    }

    [TestCase("10.1.2.3", "10.0.0.0/8", true)]
    [TestCase("11.1.2.3", "10.0.0.0/8", false)]
    [TestCase("192.168.1.130", "192.168.1.128/25", true)]
    [TestCase("192.168.1.127", "192.168.1.128/25", false)]
    [TestCase("::1", "::1/128", true)]
    [TestCase("::ffff:127.0.0.1", "127.0.0.0/8", true)]
    [TestCase("2001:db8::1", "127.0.0.0/8", false)]
    public void Networks_contain_what_their_prefix_covers(string address, string network, bool inside) =>
        Assert.That(IpNetwork.Parse(network).Contains(IPAddress.Parse(address)), Is.EqualTo(inside));
}
