using System.Net;
using Telephony.Sip;
using Telephony.Sip.Dialogs;
using Telephony.Sip.Registration;
using Telephony.Sip.Transport;

namespace Telephony.Interop.Tests;

/// <summary>The stack registering to trunks: a sipp registrar that challenges and grants short lifetimes, failover, our own registrar.</summary>
[NonParallelizable]
public class TrunkRegistrationTests
{
    private static Task<ProcessRunner.Result> SippRegistrar(string folder, int port) =>
        ProcessRunner.RunAsync(ProcessRunner.Require("sipp", "sip-tester"),
            ["-sf", RepoPaths.SippScenario("uas_register.xml"), "-p", port.ToString(), "-i", "127.0.0.1", "-m", "1", "-nostdin",
             "-trace_msg", "-message_file", Path.Combine(folder, "messages.log"), "-timeout", "30s", "-timeout_error"],
            TimeSpan.FromSeconds(45), folder);

    private static SipStack NewStack(Func<string, int?, SipTransportKind, CancellationToken, Task<IReadOnlyList<SipHop>>>? locator = null,
        RegistrarOptions? registrar = null)
    {
        var stack = new SipStack(new SipStackOptions { BindAddress = IPAddress.Loopback, Port = FreePorts.Sip(), Locator = locator, Registrar = registrar });
        stack.Start();
        return stack;
    }

    private static TrunkRegistrationOptions Trunk(string registrar) => new()
    {
        Name = "carrier",
        Registrar = registrar,
        AddressOfRecord = "sip:trunkuser@trunk.example",
        Credentials = new SipCredentials("trunkuser", "trunkpass", "trunk.example"),
        Expires = TimeSpan.FromSeconds(120),
        RetryDelay = TimeSpan.FromSeconds(1),
    };

    private static async Task WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
    }

    [Test]
    public async Task Registers_with_digest_refreshes_before_expiry_and_unregisters_on_stop()
    {
        using var stack = NewStack();
        var port = FreePorts.Sip();
        var folder = Directory.CreateTempSubdirectory("trunk-reg-").FullName;
        var sipp = SippRegistrar(folder, port);
        await Task.Delay(500);

        var registration = new TrunkRegistration(stack, Trunk($"sip:127.0.0.1:{port}"));
        registration.Start();
        await WaitUntil(() => registration.Successes >= 2, TimeSpan.FromSeconds(10));
        var (successes, state, expiresAt) = (registration.Successes, registration.State, registration.ExpiresAt);
        await registration.DisposeAsync();
        var run = await sipp;
        var log = await File.ReadAllTextAsync(Path.Combine(folder, "messages.log"));

        Assert.Multiple(() =>
        {
            Assert.That(successes, Is.GreaterThanOrEqualTo(2), "registered, then refreshed within the 2 s granted");
            Assert.That(state, Is.EqualTo(TrunkRegistrationState.Registered));
            Assert.That(expiresAt, Is.LessThan(DateTimeOffset.UtcNow.AddSeconds(3)), "the lifetime is the one granted (2 s), not the one asked (120 s)");
            Assert.That(run.ExitCode, Is.Zero, "sipp verified every Authorization and saw Expires: 0 last: " + run);
            Assert.That(log, Does.Contain("Expires: 120"));
            Assert.That(registration.State, Is.EqualTo(TrunkRegistrationState.Idle));
        });
    }

    [Test]
    public async Task Fails_over_to_the_next_address_when_the_first_is_unreachable()
    {
        var port = FreePorts.Sip();
        var dead = FreePorts.Sip();
        // What DNS SRV would give for the trunk: a dead TCP address first, the live registrar second.
        using var stack = NewStack((host, _, _, _) => Task.FromResult<IReadOnlyList<SipHop>>(host == "trunk.example"
            ? [new SipHop(new IPEndPoint(IPAddress.Loopback, dead), SipTransportKind.Tcp), new SipHop(new IPEndPoint(IPAddress.Loopback, port), SipTransportKind.Udp)]
            : []));
        var folder = Directory.CreateTempSubdirectory("trunk-failover-").FullName;
        var sipp = SippRegistrar(folder, port);
        await Task.Delay(500);

        var registration = new TrunkRegistration(stack, Trunk("sip:trunk.example"));
        registration.Start();
        await WaitUntil(() => registration.Successes >= 2, TimeSpan.FromSeconds(10));
        var target = registration.Target;
        await registration.DisposeAsync();
        var run = await sipp;

        Assert.Multiple(() =>
        {
            Assert.That(target?.EndPoint.Port, Is.EqualTo(port));
            Assert.That(run.ExitCode, Is.Zero, run.ToString());
        });
    }

    [Test]
    public async Task Wrong_credentials_fail_and_are_retried_later_without_hammering()
    {
        var registrar = new RegistrarOptions("trunk.example", new Dictionary<string, string> { ["trunkuser"] = "the-real-password" });
        using var carrier = NewStack(registrar: registrar);
        using var stack = NewStack();

        var registration = new TrunkRegistration(stack, Trunk($"sip:127.0.0.1:{carrier.UdpEndPoint!.Port}") with { RetryDelay = TimeSpan.FromSeconds(30) });
        registration.Start();
        await WaitUntil(() => registration.State == TrunkRegistrationState.Failed, TimeSpan.FromSeconds(10));
        var requestsAfterFailure = carrier.Stats.RequestsReceived;
        await Task.Delay(1500);

        Assert.Multiple(() =>
        {
            Assert.That(registration.State, Is.EqualTo(TrunkRegistrationState.Failed));
            Assert.That(registration.LastStatus, Is.EqualTo(401));
            Assert.That(carrier.Stats.RequestsReceived, Is.EqualTo(requestsAfterFailure), "no retry before the back-off delay");
            Assert.That(requestsAfterFailure, Is.EqualTo(2), "one challenge, one answer, then stop");
        });
        await registration.DisposeAsync();
    }

    [Test]
    public async Task Registers_to_our_own_registrar_honouring_423_and_unregisters_on_stop()
    {
        var registrar = new RegistrarOptions("trunk.example", new Dictionary<string, string> { ["trunkuser"] = "trunkpass" }) { MinExpires = TimeSpan.FromSeconds(60) };
        using var carrier = NewStack(registrar: registrar);
        using var stack = NewStack();

        // Asks for 30 s; the registrar answers 423 with Min-Expires: 60, and the client asks again.
        var registration = new TrunkRegistration(stack, Trunk($"sip:127.0.0.1:{carrier.UdpEndPoint!.Port}") with { Expires = TimeSpan.FromSeconds(30) });
        registration.Start();
        await WaitUntil(() => registration.State == TrunkRegistrationState.Registered, TimeSpan.FromSeconds(10));
        var bindings = carrier.Registrar!.Lookup("trunkuser");

        Assert.Multiple(() =>
        {
            Assert.That(registration.State, Is.EqualTo(TrunkRegistrationState.Registered), "state " + registration.State + " last " + registration.LastStatus);
            Assert.That(bindings, Has.Count.EqualTo(1));
            Assert.That(bindings[0].Contact, Does.Contain($"127.0.0.1:{stack.UdpEndPoint!.Port}"));
            Assert.That(registration.ExpiresAt, Is.GreaterThan(DateTimeOffset.UtcNow.AddSeconds(50)), "granted the registrar's 60 s minimum");
        });

        await registration.DisposeAsync();
        Assert.That(carrier.Registrar.Lookup("trunkuser"), Is.Empty, "unregistered on stop");
    }
}
