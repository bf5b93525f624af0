using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Telephony.Interop.Tests;

/// <summary>SIP over TLS with a self-signed certificate made by the test.</summary>
[NonParallelizable]
public class TlsTests
{
    private static (string Cert, string Key, string Thumbprint) SelfSigned()
    {
        var (cert, key) = TestCertificates.SelfSigned();
        using var loaded = TestCertificates.Load(cert);
        return (cert, key, loaded.Thumbprint);
    }

    [Test]
    public async Task Options_over_tls_is_answered_on_the_same_connection()
    {
        var (cert, key, thumbprint) = SelfSigned();
        var tlsPort = FreePorts.Sip();
        await using var server = await ServerProcess.StartAsync("--tls-cert", cert, "--tls-key", key, "--tls-port", tlsPort.ToString());
        Assert.That(server.Log, Does.Contain($"tls 127.0.0.1:{tlsPort}"));

        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, tlsPort);
        // The certificate is self-signed: pin it instead of trusting any.
        await using var ssl = new SslStream(client.GetStream(), false, (_, presented, _, _) => presented is X509Certificate2 c && c.Thumbprint == thumbprint);
        await ssl.AuthenticateAsClientAsync("telephony.test");
        var local = ((IPEndPoint)client.Client.LocalEndPoint!).Port;
        var options = $"OPTIONS sip:x@127.0.0.1:{tlsPort};transport=tls SIP/2.0\r\nVia: SIP/2.0/TLS 127.0.0.1:{local};branch=z9hG4bKtls1\r\n" +
                      "From: <sip:a@b>;tag=1\r\nTo: <sip:x@127.0.0.1>\r\nCall-ID: tls-1\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
        await ssl.WriteAsync(Encoding.ASCII.GetBytes(options));

        var buffer = new byte[4096];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var n = await ssl.ReadAsync(buffer, cts.Token);
        var response = Encoding.ASCII.GetString(buffer, 0, n);

        Assert.Multiple(() =>
        {
            Assert.That(response, Does.StartWith("SIP/2.0 200 OK"));
            Assert.That(response, Does.Contain("Via: SIP/2.0/TLS 127.0.0.1:"));
            Assert.That(ssl.SslProtocol, Is.AnyOf(System.Security.Authentication.SslProtocols.Tls12, System.Security.Authentication.SslProtocols.Tls13));
        });
    }

    [Test]
    public async Task Plain_text_on_the_tls_port_is_dropped_and_the_server_keeps_serving()
    {
        var (cert, key, _) = SelfSigned();
        var tlsPort = FreePorts.Sip();
        await using var server = await ServerProcess.StartAsync("--tls-cert", cert, "--tls-key", key, "--tls-port", tlsPort.ToString());

        using (var client = new TcpClient())
        {
            await client.ConnectAsync(IPAddress.Loopback, tlsPort);
            await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes("OPTIONS sip:x@y SIP/2.0\r\n\r\n"));
            var buffer = new byte[100];
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(12));
            var n = await client.GetStream().ReadAsync(buffer, cts.Token);
            Assert.That(n, Is.Zero, "the server closes a connection that is not TLS");
        }

        Assert.That(await server.PingAsync(TimeSpan.FromSeconds(3)), Is.EqualTo("SIP/2.0 200 OK"));
    }

    [Test]
    public async Task Baresip_registers_and_calls_over_tls()
    {
        var (cert, key, _) = SelfSigned();
        var tlsPort = FreePorts.Sip();
        var users = Path.Combine(Path.GetDirectoryName(cert)!, "users.txt");
        await File.WriteAllTextAsync(users, "alice:wonderland\n");
        await using var server = await ServerProcess.StartAsync("--tls-cert", cert, "--tls-key", key, "--tls-port", tlsPort.ToString(),
            "--users", users, "--digest-algorithms", "MD5");
        using var phone = Baresip.Create($"<sip:alice@127.0.0.1:{tlsPort};transport=tls>;auth_pass=wonderland;regint=60", autoAnswer: false, $"sip_cafile {cert}");

        var run = await phone.RunAsync(6, $"/dial sip:ivr@127.0.0.1:{tlsPort};transport=tls");

        Assert.That(server.Log, Does.Contain("REGISTER alice: 1 binding(s)").And.Contain(";transport=tls"), server.Log + run);
        var cdr = await ServerProcess.CdrForAsync(server, c => c.GetProperty("from").GetString()!.StartsWith("sip:alice@", StringComparison.Ordinal));
        Assert.That(cdr.GetProperty("sip_status").GetInt32(), Is.EqualTo(200));
    }

    [Test]
    public async Task Sipp_calls_complete_over_tls()
    {
        var (cert, key, _) = SelfSigned();
        var tlsPort = FreePorts.Sip();
        await using var server = await ServerProcess.StartAsync("--tls-cert", cert, "--tls-key", key, "--tls-port", tlsPort.ToString());
        using var tunnel = await Stunnel.StartAsync(tlsPort, cert);

        // sipp's TCP transport carried over TLS (see Stunnel): five calls on one TLS connection.
        var run = await Sipp.RunToAsync(tunnel.AcceptPort, TimeSpan.FromSeconds(30), "-sn", "uac", "-t", "t1", "-m", "5", "-r", "5");

        Assert.That(run.ExitCode, Is.Zero, run + server.Log);
        var cdrs = await server.WaitForCdrsAsync(5);
        Assert.Multiple(() =>
        {
            Assert.That(cdrs, Has.Count.EqualTo(5));
            Assert.That(cdrs.Select(c => c.GetProperty("sip_status").GetInt32()), Is.All.EqualTo(200));
            Assert.That(server.Log, Does.Contain("tls 127.0.0.1:" + tlsPort));
        });
    }

    [Test]
    public async Task A_tls_key_without_its_certificate_is_a_usage_error()
    {
        var (_, key, _) = SelfSigned();

        var result = await ProcessRunner.RunAsync("dotnet", [RepoPaths.TelephonyDll, "serve", "--tls-key", key], TimeSpan.FromSeconds(30));

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Stderr, Does.Contain("--tls-cert and --tls-key go together"));
        });
    }
}
