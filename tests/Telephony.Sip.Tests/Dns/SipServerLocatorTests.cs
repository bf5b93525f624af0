using System.Diagnostics;
using System.Net;
using Telephony.Sip.Dns;
using Telephony.Sip.Transport;

namespace Telephony.Sip.Tests.Dns;

/// <summary>RFC 3263 §4.2 server location against a real dnsmasq holding a small trunk zone.</summary>
public class SipServerLocatorTests
{
    private Dnsmasq _dnsmasq = null!;

    [OneTimeSetUp]
    public void StartDnsmasq() => _dnsmasq = Dnsmasq.Start(
        "--local-ttl=300",
        // trunk.test: two targets at priority 10 weighted 60:20, a backup at priority 20; one target per transport.
        "--srv-host=_sip._udp.trunk.test,host1.trunk.test,5070,10,60",
        "--srv-host=_sip._udp.trunk.test,host3.trunk.test,5090,10,20",
        "--srv-host=_sip._udp.trunk.test,host2.trunk.test,5080,20,0",
        "--srv-host=_sip._tcp.trunk.test,tcp.trunk.test,5062,1,1",
        "--srv-host=_sips._tcp.trunk.test,tls.trunk.test,5063,1,1",
        "--host-record=trunk.test,127.0.0.4",
        "--host-record=host1.trunk.test,127.0.0.5,::5",
        "--host-record=host2.trunk.test,127.0.0.6",
        "--host-record=host3.trunk.test,127.0.0.7",
        "--host-record=tcp.trunk.test,127.0.0.8",
        "--host-record=tls.trunk.test,127.0.0.9",
        // plain.test: no SRV at all.
        "--host-record=plain.test,127.0.0.10,::10",
        // closed.test: SRV target "." says no SIP here, whatever its A record says.
        "--srv-host=_sip._udp.closed.test",
        "--host-record=closed.test,127.0.0.11",
        // lost.test: SRV to a target that does not exist, then one that does.
        "--srv-host=_sip._udp.lost.test,gone.lost.test,5060,1,1",
        "--srv-host=_sip._udp.lost.test,here.lost.test,5060,2,1",
        "--host-record=here.lost.test,127.0.0.12");

    [OneTimeTearDown]
    public void StopDnsmasq() => _dnsmasq.Dispose();

    [TestCase("192.0.2.1", null, SipTransportKind.Udp, "192.0.2.1:5060")]
    [TestCase("192.0.2.1", 5080, SipTransportKind.Tcp, "192.0.2.1:5080")]
    [TestCase("010.000.0.01", null, SipTransportKind.Udp, "10.0.0.1:5060")] // decimal, as RFC 3261 spells it, not octal
    [TestCase("[2001:db8::1]", null, SipTransportKind.Tls, "[2001:db8::1]:5061")]
    [TestCase("2001:db8::1", null, SipTransportKind.Udp, "[2001:db8::1]:5060")]
    [TestCase("localhost", null, SipTransportKind.Udp, "127.0.0.1:5060")]
    [TestCase("LocalHost.", 5070, SipTransportKind.Tls, "127.0.0.1:5070")]
    public async Task Ip_literals_and_localhost_need_no_dns(string host, int? port, SipTransportKind transport, string expected)
    {
        using var silent = FakeDnsServer.Silent();
        var locator = new SipServerLocator(new DnsClient(new DnsClientOptions { Servers = [silent.EndPoint] }));

        var targets = await locator.LocateAsync(host, port, transport);

        Assert.That(targets, Is.EqualTo(new[] { new SipHop(IPEndPoint.Parse(expected), transport) }));
        Assert.That(silent.Queries, Is.Empty);
    }

    [Test]
    public async Task Srv_targets_come_by_priority_each_with_its_addresses()
    {
        var targets = await Locator().LocateAsync("trunk.test", null, SipTransportKind.Udp);

        var endPoints = targets.Select(t => t.EndPoint.ToString()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(endPoints, Is.EquivalentTo(new[] { "127.0.0.5:5070", "[::5]:5070", "127.0.0.7:5090", "127.0.0.6:5080" }));
            Assert.That(endPoints[^1], Is.EqualTo("127.0.0.6:5080"), "priority 20 after priority 10");
            Assert.That(endPoints.IndexOf("127.0.0.5:5070"), Is.EqualTo(endPoints.IndexOf("[::5]:5070") - 1),
                "a target's IPv4 address right before its IPv6 one");
            Assert.That(targets.Select(t => t.Transport), Is.All.EqualTo(SipTransportKind.Udp));
        });
    }

    [Test]
    public async Task Weights_share_out_the_first_choice()
    {
        var locator = Locator();
        var first = new Dictionary<string, int>();
        var watch = Stopwatch.StartNew();

        for (var i = 0; i < 1000; i++)
        {
            var targets = await locator.LocateAsync("trunk.test", null, SipTransportKind.Udp);
            var key = targets[0].EndPoint.ToString();
            first[key] = first.GetValueOrDefault(key) + 1;
            Assert.That(targets[^1].EndPoint.ToString(), Is.EqualTo("127.0.0.6:5080"));
        }

        // 60:20 gives 750 expected for host1 (sd 14); 5 sd either way.
        Assert.That(first.Keys, Is.EquivalentTo(new[] { "127.0.0.5:5070", "127.0.0.7:5090" }));
        Assert.That(first["127.0.0.5:5070"], Is.InRange(680, 820), string.Join(", ", first));
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)), "answers come from the cache");
    }

    [TestCase(SipTransportKind.Tcp, "127.0.0.8:5062")]
    [TestCase(SipTransportKind.Tls, "127.0.0.9:5063")]
    public async Task Transport_picks_the_srv_service(SipTransportKind transport, string expected)
    {
        var targets = await Locator().LocateAsync("trunk.test", null, transport);

        Assert.That(targets, Is.EqualTo(new[] { new SipHop(IPEndPoint.Parse(expected), transport) }));
    }

    [Test]
    public async Task An_explicit_port_skips_srv()
    {
        var targets = await Locator().LocateAsync("trunk.test", 5099, SipTransportKind.Udp);

        Assert.That(targets, Is.EqualTo(new[] { new SipHop(IPEndPoint.Parse("127.0.0.4:5099"), SipTransportKind.Udp) }));
    }

    [TestCase(SipTransportKind.Udp, 5060)]
    [TestCase(SipTransportKind.Tcp, 5060)]
    [TestCase(SipTransportKind.Tls, 5061)]
    public async Task Without_srv_the_addresses_of_the_host_on_the_default_port(SipTransportKind transport, int port)
    {
        var targets = await Locator().LocateAsync("plain.test", null, transport);

        Assert.That(targets.Select(t => t.EndPoint), Is.EqualTo(new[]
        {
            new IPEndPoint(IPAddress.Parse("127.0.0.10"), port),
            new IPEndPoint(IPAddress.Parse("::10"), port),
        }));
    }

    [Test]
    public async Task Address_families_follow_the_options()
    {
        var v6First = await Locator(new SipServerLocatorOptions { PreferIPv4 = false }).LocateAsync("plain.test", null, SipTransportKind.Udp);
        var v4Only = await Locator(new SipServerLocatorOptions { UseIPv6 = false }).LocateAsync("plain.test", null, SipTransportKind.Udp);

        Assert.That(v6First.Select(t => t.EndPoint.ToString()), Is.EqualTo(new[] { "[::10]:5060", "127.0.0.10:5060" }));
        Assert.That(v4Only.Select(t => t.EndPoint.ToString()), Is.EqualTo(new[] { "127.0.0.10:5060" }));
    }

    [Test]
    public async Task A_host_that_does_not_exist_has_no_targets()
    {
        Assert.That(await Locator().LocateAsync("nowhere.test", null, SipTransportKind.Udp), Is.Empty);
        Assert.That(await Locator().LocateAsync("nowhere.test", 5060, SipTransportKind.Udp), Is.Empty);
    }

    [Test]
    public async Task Srv_target_dot_means_no_service_and_no_fallback()
    {
        Assert.That(await Locator().LocateAsync("closed.test", null, SipTransportKind.Udp), Is.Empty);
    }

    [Test]
    public async Task Srv_targets_without_addresses_are_passed_over()
    {
        var targets = await Locator().LocateAsync("lost.test", null, SipTransportKind.Udp);

        Assert.That(targets.Select(t => t.EndPoint.ToString()), Is.EqualTo(new[] { "127.0.0.12:5060" }));
    }

    [Test]
    public void Dns_down_is_an_error_not_an_empty_list()
    {
        using var silent = FakeDnsServer.Silent();
        var locator = new SipServerLocator(new DnsClient(new DnsClientOptions
        {
            Servers = [silent.EndPoint],
            Timeout = TimeSpan.FromMilliseconds(100),
            Attempts = 1,
        }));

        var error = Assert.ThrowsAsync<DnsException>(() => locator.LocateAsync("trunk.test", null, SipTransportKind.Udp));

        Assert.That(error!.Failure, Is.EqualTo(DnsFailure.Timeout));
    }

    [Test]
    public async Task Servfail_on_srv_still_falls_back_to_addresses()
    {
        using var server = new FakeDnsServer(q => q.Questions[0].Type switch
        {
            DnsRecordType.Srv => [FakeDnsServer.Answer(q, 0, b => b, rcode: 2)],
            DnsRecordType.A => [FakeDnsServer.Answer(q, 1, b => b.A(q.Questions[0].Name, 60, "192.0.2.20"))],
            _ => [FakeDnsServer.Answer(q, 0, b => b)],
        });
        var locator = new SipServerLocator(new DnsClient(new DnsClientOptions { Servers = [server.EndPoint], Attempts = 1 }));

        var targets = await locator.LocateAsync("broken-srv.test", null, SipTransportKind.Tcp);

        Assert.That(targets, Is.EqualTo(new[] { new SipHop(IPEndPoint.Parse("192.0.2.20:5060"), SipTransportKind.Tcp) }));
    }

    [TestCase("127.1")]
    [TestCase("10")]
    [TestCase("0x7f.0.0.1")]
    public async Task Ipv4_shorthands_are_hostnames_not_literals(string host)
    {
        using var server = new FakeDnsServer(q => [FakeDnsServer.Answer(q, 0, b => b, rcode: 3)]);
        var locator = new SipServerLocator(new DnsClient(new DnsClientOptions { Servers = [server.EndPoint] }));

        var targets = await locator.LocateAsync(host, 5060, SipTransportKind.Udp);

        Assert.That(targets, Is.Empty);
        Assert.That(server.Queries.Select(q => q.Questions[0].Name), Has.Member(host));
    }

    [TestCase(0)]
    [TestCase(65536)]
    public void Ports_outside_1_to_65535_are_refused(int port)
    {
        Assert.That(async () => await Locator().LocateAsync("trunk.test", port, SipTransportKind.Udp),
            Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    private SipServerLocator Locator(SipServerLocatorOptions? options = null) =>
        new(new DnsClient(new DnsClientOptions { Servers = [_dnsmasq.EndPoint] }), options);
}
