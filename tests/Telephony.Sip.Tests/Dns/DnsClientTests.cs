using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Time.Testing;
using Telephony.Sip.Dns;

namespace Telephony.Sip.Tests.Dns;

/// <summary>The stub resolver against a real dnsmasq on loopback, and against scripted servers for what dnsmasq won't do.</summary>
public class DnsClientTests
{
    private Dnsmasq _dnsmasq = null!;

    [OneTimeSetUp]
    public void StartDnsmasq()
    {
        var big = Enumerable.Range(1, 30)
            .Select(i => $"--srv-host=_sip._udp.big.test,a-rather-long-target-name-number-{i}.big.test,5060,1,1");
        _dnsmasq = Dnsmasq.Start([
            "--local-ttl=300",
            "--host-record=host1.trunk.test,127.0.0.5,::5,60",
            "--host-record=host2.trunk.test,127.0.0.6",
            "--cname=alias.trunk.test,host1.trunk.test",
            "--cname=alias2.trunk.test,alias.trunk.test",
            "--srv-host=_sip._udp.trunk.test,host1.trunk.test,5070,10,60",
            .. big,
        ]);
    }

    [OneTimeTearDown]
    public void StopDnsmasq() => _dnsmasq.Dispose();

    [Test]
    public async Task A_and_aaaa_come_back_with_their_ttl()
    {
        var client = Client();

        var a = await client.QueryAsync("host1.trunk.test", DnsRecordType.A);
        var aaaa = await client.QueryAsync("HOST1.trunk.test.", DnsRecordType.Aaaa);

        Assert.Multiple(() =>
        {
            Assert.That(a, Is.EqualTo(new DnsAnswer("host1.trunk.test", DnsRecordType.A, DnsResponseCode.NoError, a.Records)));
            Assert.That(a.Records, Is.EqualTo(new[] { new DnsAddressRecord("host1.trunk.test", 60, IPAddress.Parse("127.0.0.5")) }));
            Assert.That(aaaa.Records.Cast<DnsAddressRecord>().Select(r => r.Address), Is.EqualTo(new[] { IPAddress.Parse("::5") }));
        });
    }

    [Test]
    public async Task Srv_records_carry_priority_weight_port_and_target()
    {
        var answer = await Client().QueryAsync("_sip._udp.trunk.test", DnsRecordType.Srv);

        Assert.That(answer.Records, Is.EqualTo(new[]
        {
            new DnsSrvRecord("_sip._udp.trunk.test", 300, Priority: 10, Weight: 60, Port: 5070, Target: "host1.trunk.test"),
        }));
    }

    [Test]
    public async Task Cname_chains_are_followed_to_the_address()
    {
        var answer = await Client().QueryAsync("alias2.trunk.test", DnsRecordType.A);

        Assert.That(answer.Name, Is.EqualTo("alias2.trunk.test"));
        Assert.That(answer.Records, Is.EqualTo(new[] { new DnsAddressRecord("host1.trunk.test", 60, IPAddress.Parse("127.0.0.5")) }));
    }

    [Test]
    public async Task Nxdomain_and_empty_answers_are_answers_not_errors()
    {
        var client = Client();

        var missing = await client.QueryAsync("nope.trunk.test", DnsRecordType.A);
        var noAaaa = await client.QueryAsync("host2.trunk.test", DnsRecordType.Aaaa);

        Assert.Multiple(() =>
        {
            Assert.That(missing.ResponseCode, Is.EqualTo(DnsResponseCode.NameError));
            Assert.That(missing.Records, Is.Empty);
            Assert.That(noAaaa.ResponseCode, Is.EqualTo(DnsResponseCode.NoError));
            Assert.That(noAaaa.Records, Is.Empty);
        });
    }

    [Test]
    public async Task Truncated_udp_answer_is_asked_again_over_tcp()
    {
        // 30 SRV records do not fit in 512 octets: dnsmasq sets TC over UDP and sends them all over TCP.
        var answer = await Client().QueryAsync("_sip._udp.big.test", DnsRecordType.Srv);

        Assert.That(answer.Records, Has.Count.EqualTo(30));
        Assert.That(answer.Records.Cast<DnsSrvRecord>().Select(r => r.Target),
            Has.Member("a-rather-long-target-name-number-30.big.test"));
    }

    [Test]
    public async Task Answers_are_cached_until_their_ttl_runs_out()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var port = Dnsmasq.FreePort();
        var client = Client(time, new IPEndPoint(IPAddress.Loopback, port));

        IPAddress first;
        using (Dnsmasq.Start(port, "--host-record=cached.test,127.0.0.7,60"))
        {
            first = await Address(client, "cached.test");
        }

        using (Dnsmasq.Start(port, "--host-record=cached.test,127.0.0.8,60"))
        {
            time.Advance(TimeSpan.FromSeconds(59));
            var beforeExpiry = await Address(client, "cached.test");
            time.Advance(TimeSpan.FromSeconds(2));
            var afterExpiry = await Address(client, "cached.test");

            Assert.Multiple(() =>
            {
                Assert.That(first, Is.EqualTo(IPAddress.Parse("127.0.0.7")));
                Assert.That(beforeExpiry, Is.EqualTo(IPAddress.Parse("127.0.0.7")), "still cached at 59 s of 60");
                Assert.That(afterExpiry, Is.EqualTo(IPAddress.Parse("127.0.0.8")), "asked again after the TTL");
            });
        }
    }

    [Test]
    public async Task Nxdomain_is_cached_for_the_negative_ttl()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var port = Dnsmasq.FreePort();
        var client = Client(time, new IPEndPoint(IPAddress.Loopback, port));

        DnsAnswer missing;
        using (Dnsmasq.Start(port))
        {
            missing = await client.QueryAsync("late.test", DnsRecordType.A);
        }

        using (Dnsmasq.Start(port, "--host-record=late.test,127.0.0.9"))
        {
            time.Advance(TimeSpan.FromSeconds(29));
            var stillMissing = await client.QueryAsync("late.test", DnsRecordType.A);
            time.Advance(TimeSpan.FromSeconds(2));
            var found = await client.QueryAsync("late.test", DnsRecordType.A);

            Assert.Multiple(() =>
            {
                Assert.That(missing.ResponseCode, Is.EqualTo(DnsResponseCode.NameError));
                Assert.That(stillMissing.ResponseCode, Is.EqualTo(DnsResponseCode.NameError), "NXDOMAIN kept 30 s");
                Assert.That(found.Records, Has.Count.EqualTo(1));
            });
        }
    }

    [Test]
    public async Task Zero_ttl_is_not_cached()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var port = Dnsmasq.FreePort();
        var client = Client(time, new IPEndPoint(IPAddress.Loopback, port));

        using (Dnsmasq.Start(port, "--host-record=fleeting.test,127.0.0.7,0"))
        {
            await Address(client, "fleeting.test");
        }

        using (Dnsmasq.Start(port, "--host-record=fleeting.test,127.0.0.8,0"))
        {
            Assert.That(await Address(client, "fleeting.test"), Is.EqualTo(IPAddress.Parse("127.0.0.8")));
        }
    }

    [Test]
    public void Silent_servers_time_out_after_each_try_on_each_server()
    {
        using var first = FakeDnsServer.Silent();
        using var second = FakeDnsServer.Silent();
        var client = new DnsClient(new DnsClientOptions
        {
            Servers = [first.EndPoint, second.EndPoint],
            Timeout = TimeSpan.FromMilliseconds(200),
            Attempts = 2,
        });

        var watch = Stopwatch.StartNew();
        var error = Assert.ThrowsAsync<DnsException>(() => client.QueryAsync("host1.trunk.test", DnsRecordType.A));
        watch.Stop();

        Assert.Multiple(() =>
        {
            Assert.That(error!.Failure, Is.EqualTo(DnsFailure.Timeout));
            Assert.That(error.Message, Does.Contain("did not answer"));
            Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(750)).And.LessThan(TimeSpan.FromSeconds(3)),
                "4 tries of 200 ms");
            Assert.That(first.Queries, Has.Count.EqualTo(2));
            Assert.That(second.Queries, Has.Count.EqualTo(2));
            Assert.That(first.Queries.Concat(second.Queries).Select(q => q.Id).Distinct().Count(), Is.GreaterThan(1),
                "each try has its own random id");
            Assert.That(first.Queries[0].RecursionDesired, Is.True);
        });
    }

    [Test]
    public void Closed_port_is_a_network_error()
    {
        var client = new DnsClient(new DnsClientOptions
        {
            Servers = [new IPEndPoint(IPAddress.Loopback, Dnsmasq.FreePort())],
            Timeout = TimeSpan.FromSeconds(2),
            Attempts = 1,
        });

        var watch = Stopwatch.StartNew();
        var error = Assert.ThrowsAsync<DnsException>(() => client.QueryAsync("host1.trunk.test", DnsRecordType.A));

        Assert.That(error!.Failure, Is.EqualTo(DnsFailure.NetworkError));
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1)), "port unreachable ends the try at once");
    }

    [Test]
    public async Task A_silent_server_is_passed_over_for_the_next()
    {
        using var silent = FakeDnsServer.Silent();
        var client = new DnsClient(new DnsClientOptions
        {
            Servers = [silent.EndPoint, _dnsmasq.EndPoint],
            Timeout = TimeSpan.FromMilliseconds(200),
        });

        Assert.That(await Address(client, "host2.trunk.test"), Is.EqualTo(IPAddress.Parse("127.0.0.6")));
        Assert.That(silent.Queries, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Servfail_moves_on_to_the_next_server()
    {
        using var failing = new FakeDnsServer(q => [FakeDnsServer.Answer(q, 0, b => b, rcode: 2)]);
        var client = Client(TimeProvider.System, failing.EndPoint, _dnsmasq.EndPoint);

        Assert.That(await Address(client, "host2.trunk.test"), Is.EqualTo(IPAddress.Parse("127.0.0.6")));
        Assert.That(failing.Queries, Has.Count.EqualTo(1));
    }

    [Test]
    public void Servfail_everywhere_is_a_server_error()
    {
        using var failing = new FakeDnsServer(q => [FakeDnsServer.Answer(q, 0, b => b, rcode: 2)]);
        var client = Client(TimeProvider.System, failing.EndPoint);

        var error = Assert.ThrowsAsync<DnsException>(() => client.QueryAsync("x.test", DnsRecordType.A));

        Assert.That(error!.Failure, Is.EqualTo(DnsFailure.ServerError));
        Assert.That(error.ResponseCode, Is.EqualTo(DnsResponseCode.ServerFailure));
    }

    [Test]
    public async Task Replies_with_another_id_or_question_or_garbage_are_ignored()
    {
        using var server = new FakeDnsServer(q =>
        [
            [0xde, 0xad, 0xbe, 0xef],
            FakeDnsServer.Answer(q, 1, b => b.A(q.Questions[0].Name, 60, "192.0.2.66"), id: (ushort)(q.Id ^ 0x8000)),
            FakeDnsServer.Answer(q, 1, b => b.A("evil.test", 60, "192.0.2.66"), questionName: "evil.test"),
            FakeDnsServer.Answer(q, 1, b => b.A(q.Questions[0].Name, 60, "192.0.2.44")),
        ]);
        var client = Client(TimeProvider.System, server.EndPoint);

        Assert.That(await Address(client, "real.test"), Is.EqualTo(IPAddress.Parse("192.0.2.44")));
    }

    [Test]
    public async Task Cname_leaving_the_answer_is_asked_about_at_its_end()
    {
        // A server that knows the alias but not its target answers with the CNAME alone.
        using var server = new FakeDnsServer(q => q.Questions[0].Name == "alias.test"
            ? [FakeDnsServer.Answer(q, 1, b => b.CName("alias.test", 600, "target.test"))]
            : [FakeDnsServer.Answer(q, 1, b => b.A("target.test", 120, "192.0.2.80"))]);
        var client = Client(TimeProvider.System, server.EndPoint);

        var answer = await client.QueryAsync("alias.test", DnsRecordType.A);

        Assert.That(answer.Records, Is.EqualTo(new[] { new DnsAddressRecord("target.test", 120, IPAddress.Parse("192.0.2.80")) }));
        Assert.That(server.Queries.Select(q => q.Questions[0].Name), Is.EqualTo(new[] { "alias.test", "target.test" }));
    }

    [Test]
    public void Cancellation_stops_the_wait()
    {
        using var silent = FakeDnsServer.Silent();
        var client = new DnsClient(new DnsClientOptions { Servers = [silent.EndPoint], Timeout = TimeSpan.FromSeconds(30) });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        Assert.That(async () => await client.QueryAsync("x.test", DnsRecordType.A, cancel.Token),
            Throws.InstanceOf<OperationCanceledException>());
    }

    [TestCase("bad name.test")]
    [TestCase("a..test")]
    public void Names_no_query_can_carry_are_refused(string name)
    {
        Assert.That(async () => await Client().QueryAsync(name, DnsRecordType.A), Throws.ArgumentException);
    }

    [Test]
    public void Nameservers_come_from_resolv_conf()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "# comment\nsearch example.com\nnameserver 192.0.2.53\n  nameserver\t2001:db8::53  \n" +
                "nameserver not-an-address\n;nameserver 192.0.2.99\noptions timeout:1\n");

            var client = new DnsClient(new DnsClientOptions { ResolvConfPath = path });

            Assert.That(client.Servers, Is.EqualTo(new[]
            {
                new IPEndPoint(IPAddress.Parse("192.0.2.53"), 53),
                new IPEndPoint(IPAddress.Parse("2001:db8::53"), 53),
            }));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Missing_resolv_conf_means_the_local_server()
    {
        Assert.That(ResolvConf.ReadNameServers("/nonexistent/resolv.conf"),
            Is.EqualTo(new[] { new IPEndPoint(IPAddress.Loopback, 53) }));
    }

    private DnsClient Client() => Client(TimeProvider.System, _dnsmasq.EndPoint);

    private static DnsClient Client(TimeProvider time, params IPEndPoint[] servers) =>
        new(new DnsClientOptions { Servers = servers, TimeProvider = time, Timeout = TimeSpan.FromSeconds(2) });

    private static async Task<IPAddress> Address(DnsClient client, string name)
    {
        var answer = await client.QueryAsync(name, DnsRecordType.A);
        Assert.That(answer.Records, Has.Count.EqualTo(1), $"{name}: {answer.ResponseCode}");
        return ((DnsAddressRecord)answer.Records[0]).Address;
    }
}
