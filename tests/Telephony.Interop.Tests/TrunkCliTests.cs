namespace Telephony.Interop.Tests;

/// <summary><c>serve --trunks FILE</c>: precise errors for bad files, and a real registration from one server to another.</summary>
[NonParallelizable]
public class TrunkCliTests
{
    private static string Write(string name, string text)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("trunks-").FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Test]
    public async Task A_bad_trunks_file_is_refused_with_every_mistake_at_its_line_and_column()
    {
        var path = Write("trunks.yaml", """
            trunks:
              - name: carrier
                host: sip.carrier.example
                transport: sctp
                port: 99999
              - name: carrier
                host: pbx.example
                usrname: alice
                register: true
            """);

        var result = await ProcessRunner.RunAsync("dotnet", [RepoPaths.TelephonyDll, "serve", "--trunks", path, "--sip-port", "0"], TimeSpan.FromSeconds(30));

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
            Assert.That(result.Stderr, Does.Contain($"{path}:4:16: error: 'transport' must be udp, tcp or tls (got 'sctp')"));
            Assert.That(result.Stderr, Does.Contain($"{path}:5:11: error: 'port' must be a number from 1 to 65535"));
            Assert.That(result.Stderr, Does.Contain($"{path}:8:5: error: unknown field 'usrname' (did you mean 'username'?"));
            Assert.That(result.Stderr, Does.Contain($"{path}:9:15: error: 'register: true' needs 'username' and 'password'"));
        });
    }

    [Test]
    public async Task Broken_yaml_is_reported_with_its_position()
    {
        var path = Write("trunks.yaml", "trunks:\n  - name: a\n    host: [unclosed\n");

        var result = await ProcessRunner.RunAsync("dotnet", [RepoPaths.TelephonyDll, "serve", "--trunks", path, "--sip-port", "0"], TimeSpan.FromSeconds(30));

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Stderr, Does.Match($@"{System.Text.RegularExpressions.Regex.Escape(path)}:\d+:\d+: error: not valid YAML"));
        });
    }

    [Test]
    public async Task A_server_registers_to_another_servers_registrar_and_unregisters_when_stopped()
    {
        var users = Write("users.txt", "trunkuser:trunkpass\n");
        await using var carrier = await ServerProcess.StartAsync("--users", users, "--realm", "trunk.example");
        var trunks = Write("trunks.yaml", $"""
            # The carrier: registration with digest, 120 s asked.
            trunks:
              - name: carrier
                host: 127.0.0.1
                port: {carrier.SipPort}
                username: trunkuser
                password: trunkpass
                realm: trunk.example
                register: true
                expires: 120
            """);

        var server = await ServerProcess.StartAsync("--trunks", trunks);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!server.Log.Contains("trunk carrier: registered", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var registeredLog = server.Log;
        await server.DisposeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(registeredLog, Does.Contain("trunk carrier: 127.0.0.1:" + carrier.SipPort + " over udp, registering as sip:trunkuser@127.0.0.1"));
            Assert.That(registeredLog, Does.Contain("trunk carrier: registered via 127.0.0.1:" + carrier.SipPort));
            Assert.That(carrier.Log, Does.Contain($"REGISTER trunkuser: 1 binding(s) sip:trunkuser@127.0.0.1:{server.SipPort}"));
            Assert.That(server.Log, Does.Contain("trunk carrier: unregistered (200)"));
            Assert.That(carrier.Log, Does.Contain("REGISTER trunkuser: 0 binding(s)"));
        });
    }

    [Test]
    public async Task A_trunk_host_is_located_by_dns_srv_and_a_dead_first_address_is_skipped()
    {
        var users = Write("users.txt", "trunkuser:trunkpass\n");
        await using var carrier = await ServerProcess.StartAsync("--users", users, "--realm", "trunk.example");
        var dead = FreePorts.Sip();
        // Two SRV records for the carrier: priority 10 on a port where nobody listens over TCP,
        // priority 20 on the live registrar. RFC 3263 says: try them in order.
        using var dns = Telephony.Sip.Tests.Dns.Dnsmasq.Start(
            $"--srv-host=_sip._tcp.carrier.test,dead.carrier.test,{dead},10,10",
            $"--srv-host=_sip._tcp.carrier.test,live.carrier.test,{carrier.SipPort},20,10",
            "--host-record=dead.carrier.test,127.0.0.1",
            "--host-record=live.carrier.test,127.0.0.1");
        var trunks = Write("trunks.yaml", """
            trunks:
              - name: carrier
                host: carrier.test
                transport: tcp
                username: trunkuser
                password: trunkpass
                register: true
            """);

        await using var server = await ServerProcess.StartAsync("--trunks", trunks, "--dns-servers", $"127.0.0.1:{dns.EndPoint.Port}");
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!server.Log.Contains("trunk carrier: registered", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Multiple(() =>
        {
            Assert.That(server.Log, Does.Contain($"trunk carrier: register via 127.0.0.1:{dead} (tcp) failed: cannot connect: ConnectionRefused (transport error); trying 127.0.0.1:{carrier.SipPort} (tcp)"), server.Log + dns.Log);
            Assert.That(server.Log, Does.Contain($"trunk carrier: registered via 127.0.0.1:{carrier.SipPort} (tcp)"), server.Log + dns.Log);
            Assert.That(carrier.Log, Does.Contain("REGISTER trunkuser: 1 binding(s) sip:trunkuser@127.0.0.1:" + server.SipPort + ";transport=tcp"));
        });
    }

    [Test]
    public async Task A_trunk_that_cannot_be_reached_says_why_that_no_address_is_left_when_it_retries_and_the_status_line_says_why()
    {
        // Bound but not listening: a TCP connect is refused at once, and no other test takes the port.
        using var closed = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        closed.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        var port = ((System.Net.IPEndPoint)closed.LocalEndPoint!).Port;
        var trunks = Write("trunks.yaml", $"""
            trunks:
              - name: carrier
                host: 127.0.0.1
                port: {port}
                transport: tcp
                username: trunkuser
                password: trunkpass
                register: true
            """);

        var server = await ServerProcess.StartAsync("--trunks", trunks);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        // Stopped once fully up (the API too): the stop line then carries the final status.
        while (!(server.Log.Contains("trunk carrier: register via", StringComparison.Ordinal) && server.Log.Contains("http api: listening", StringComparison.Ordinal))
               && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        await server.DisposeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(server.Log, Does.Match(
                $@"trunk carrier: register via 127\.0\.0\.1:{port} \(tcp\) failed: cannot connect: ConnectionRefused \(transport error\); no more addresses; next attempt in 30 s \(at \d\d:\d\d:\d\dZ\)"), server.Log);
            Assert.That(server.Log, Does.Not.Contain("trying the next address"));
            Assert.That(server.Log, Does.Match(@"telephony: stopped; .* trunk_carrier=failed:transport"), "the status line says why the trunk failed");
        });
    }
}
