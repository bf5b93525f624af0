using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using Telephony.Sip.Dialogs;
using Telephony.Sip.Registration;
using Telephony.Sip.Transport;

namespace Telephony.Sip.Tests;

/// <summary>
/// What the log says when a trunk fails: what failed (timeout, transport error, SIP status and
/// reason, refused credentials), what is tried next (an address, or none) and when the next
/// registration attempt is. Real loopback sockets; the stack's clock is fake, so Timer F and the
/// back-off pass at once and the times in the lines are exact.
/// </summary>
public class TrunkFailureLogTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 6, 11, 38, TimeSpan.Zero);

    private FakeTimeProvider _time = null!;
    private ConcurrentQueue<string> _log = null!;
    private readonly List<IDisposable> _owned = [];

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider(Start);
        _log = new ConcurrentQueue<string>();
    }

    [TearDown]
    public void TearDown()
    {
        foreach (var owned in _owned.AsEnumerable().Reverse())
        {
            owned.Dispose();
        }

        _owned.Clear();
    }

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    /// <summary>A stack whose trunk host "trunk.example" locates to <paramref name="hops"/>, in that order.</summary>
    private SipStack NewStack(params SipHop[] hops)
    {
        var stack = Own(new SipStack(
            new SipStackOptions
            {
                BindAddress = IPAddress.Loopback,
                Port = 0,
                Log = _log.Enqueue,
                Locator = (host, _, _, _) => Task.FromResult<IReadOnlyList<SipHop>>(host == "trunk.example" ? hops : []),
            },
            _time));
        stack.Start();
        return stack;
    }

    private static TrunkRegistrationOptions Trunk() => new()
    {
        Name = "carrier",
        Registrar = "sip:trunk.example",
        AddressOfRecord = "sip:trunkuser@trunk.example",
        Credentials = new SipCredentials("trunkuser", "trunkpass", "trunk.example"),
        Expires = TimeSpan.FromSeconds(120),
        RetryDelay = TimeSpan.FromSeconds(30),
    };

    private string? Line(string start) => _log.FirstOrDefault(l => l.StartsWith(start, StringComparison.Ordinal));

    private string WaitForLine(string start, int nth = 1)
    {
        ScriptedUdpPeer.WaitUntil(() => _log.Count(l => l.StartsWith(start, StringComparison.Ordinal)) >= nth);
        return _log.Where(l => l.StartsWith(start, StringComparison.Ordinal)).Skip(nth - 1).FirstOrDefault()
               ?? throw new AssertionException($"no line starting '{start}' (#{nth}); log:\n" + string.Join("\n", _log));
    }

    /// <summary>Steps the fake clock a second at a time until <paramref name="condition"/> holds (a back-off delay ending).</summary>
    private void AdvanceUntil(Func<bool> condition, int maxSeconds)
    {
        for (var i = 0; i < maxSeconds && !condition(); i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            ScriptedUdpPeer.WaitUntil(condition, TimeSpan.FromMilliseconds(50));
        }

        Assert.That(condition(), Is.True, "log:\n" + string.Join("\n", _log));
    }

    private static string At(DateTimeOffset time) => time.UtcDateTime.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + "Z";

    [Test]
    public async Task A_lone_address_that_never_answers_logs_the_timeout_no_more_addresses_and_when_the_next_attempt_is()
    {
        using var silent = new ScriptedUdpPeer(answer: null);
        var stack = NewStack(silent.Hop);
        await using var registration = new TrunkRegistration(stack, Trunk());

        registration.Start();
        Assert.That(ScriptedUdpPeer.WaitUntil(() => silent.DistinctRequests == 1), Is.True, "the REGISTER went out");
        _time.Advance(TimeSpan.FromSeconds(32)); // Timer F (64·T1)
        var first = WaitForLine("trunk carrier: register via");

        // The back-off doubles: the second round says 60 s.
        AdvanceUntil(() => silent.DistinctRequests == 2, maxSeconds: 40);
        _time.Advance(TimeSpan.FromSeconds(32));
        var second = WaitForLine("trunk carrier: register via", nth: 2);
        ScriptedUdpPeer.WaitUntil(() => registration.State == TrunkRegistrationState.Failed);

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo($"trunk carrier: register via 127.0.0.1:{silent.EndPoint.Port} (udp) failed: no response in 32 s (timeout); " +
                                          $"no more addresses; next attempt in 30 s (at {At(Start.AddSeconds(32 + 30))})"));
            Assert.That(second, Is.EqualTo($"trunk carrier: register via 127.0.0.1:{silent.EndPoint.Port} (udp) failed: no response in 32 s (timeout); " +
                                           $"no more addresses; next attempt in 60 s (at {At(_time.GetUtcNow().AddSeconds(60))})"));
            Assert.That(_log, Has.None.Contains("trying the next address"));
            Assert.That(registration.LastFailure, Is.EqualTo("no response in 32 s (timeout)"));
            Assert.That(registration.LastFailureCode, Is.EqualTo("timeout"));
            Assert.That(registration.LastStatus, Is.Zero);
        });
    }

    [Test]
    public async Task A_refused_tcp_connection_is_named_as_a_transport_error_with_no_more_addresses()
    {
        // Bound but not listening: connecting gets a RST (connection refused), and the port stays ours.
        using var closed = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        closed.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)closed.LocalEndPoint!).Port;
        var stack = NewStack(new SipHop(new IPEndPoint(IPAddress.Loopback, port), SipTransportKind.Tcp));
        await using var registration = new TrunkRegistration(stack, Trunk());

        registration.Start();
        var line = WaitForLine("trunk carrier: register via");

        Assert.Multiple(() =>
        {
            Assert.That(line, Is.EqualTo($"trunk carrier: register via 127.0.0.1:{port} (tcp) failed: cannot connect: ConnectionRefused (transport error); " +
                                         $"no more addresses; next attempt in 30 s (at {At(Start.AddSeconds(30))})"));
            Assert.That(registration.LastFailureCode, Is.EqualTo("transport"));
        });
    }

    [Test]
    public async Task A_503_from_the_first_address_names_the_second_which_then_registers()
    {
        using var unavailable = new ScriptedUdpPeer("503 Service Unavailable");
        using var registrar = new ScriptedUdpPeer("200 OK\r\nExpires: 120");
        var stack = NewStack(unavailable.Hop, registrar.Hop);
        await using var registration = new TrunkRegistration(stack, Trunk());

        registration.Start();
        var failed = WaitForLine("trunk carrier: register via");
        WaitForLine("trunk carrier: registered via");

        Assert.Multiple(() =>
        {
            Assert.That(failed, Is.EqualTo($"trunk carrier: register via 127.0.0.1:{unavailable.EndPoint.Port} (udp) failed: 503 Service Unavailable; " +
                                           $"trying 127.0.0.1:{registrar.EndPoint.Port} (udp)"));
            Assert.That(registration.Target, Is.EqualTo(registrar.Hop));
            Assert.That(registration.LastFailure, Is.Null, "registered: nothing failed");
        });
    }

    [Test]
    public async Task A_send_that_fails_at_once_is_a_transport_error_and_the_next_address_is_named()
    {
        // Broadcast without SO_BROADCAST: sendto fails synchronously (EACCES), no Timer F wait.
        var broadcast = new SipHop(new IPEndPoint(IPAddress.Broadcast, 5060), SipTransportKind.Udp);
        using var registrar = new ScriptedUdpPeer("200 OK\r\nExpires: 120");
        var stack = NewStack(broadcast, registrar.Hop);
        await using var registration = new TrunkRegistration(stack, Trunk());

        registration.Start();
        var failed = WaitForLine("trunk carrier: register via");

        Assert.That(failed, Is.EqualTo($"trunk carrier: register via 255.255.255.255:5060 (udp) failed: cannot send: AccessDenied (transport error); " +
                                       $"trying 127.0.0.1:{registrar.EndPoint.Port} (udp)"));
    }

    [Test]
    public async Task A_403_says_the_credentials_were_refused_and_that_the_other_addresses_are_not_tried()
    {
        using var forbidden = new ScriptedUdpPeer("403 Forbidden");
        using var other = new ScriptedUdpPeer("200 OK\r\nExpires: 120");
        var stack = NewStack(forbidden.Hop, other.Hop);
        await using var registration = new TrunkRegistration(stack, Trunk());

        registration.Start();
        var line = WaitForLine("trunk carrier: register via");

        Assert.Multiple(() =>
        {
            Assert.That(line, Is.EqualTo($"trunk carrier: register via 127.0.0.1:{forbidden.EndPoint.Port} (udp) failed: 403 Forbidden (credentials refused); " +
                                         $"other addresses not tried; next attempt in 30 s (at {At(Start.AddSeconds(30))})"));
            Assert.That(other.Received, Is.Empty);
            Assert.That(registration.LastFailureCode, Is.EqualTo("403"));
        });
    }

    [Test]
    public async Task A_second_401_after_our_answer_says_the_credentials_were_refused()
    {
        var carrier = Own(new SipStack(new SipStackOptions
        {
            BindAddress = IPAddress.Loopback,
            Port = 0,
            EnableTcp = false,
            Registrar = new RegistrarOptions("trunk.example", new Dictionary<string, string> { ["trunkuser"] = "another-password" }),
        }));
        carrier.Start();
        var stack = NewStack(new SipHop(carrier.UdpEndPoint!, SipTransportKind.Udp));
        await using var registration = new TrunkRegistration(stack, Trunk());

        registration.Start();
        var line = WaitForLine("trunk carrier: register via");

        Assert.Multiple(() =>
        {
            Assert.That(line, Is.EqualTo($"trunk carrier: register via 127.0.0.1:{carrier.UdpEndPoint!.Port} (udp) failed: 401 Unauthorized again after our answer (credentials refused); " +
                                         $"no more addresses; next attempt in 30 s (at {At(Start.AddSeconds(30))})"));
            Assert.That(registration.LastStatus, Is.EqualTo(401));
        });
    }

    [Test]
    public async Task A_registrar_without_an_address_is_logged_with_the_next_attempt()
    {
        var stack = NewStack();
        await using var registration = new TrunkRegistration(stack, Trunk());

        registration.Start();
        var line = WaitForLine("trunk carrier: register failed");

        Assert.Multiple(() =>
        {
            Assert.That(line, Is.EqualTo($"trunk carrier: register failed: no address for sip:trunk.example (DNS); no more addresses; next attempt in 30 s (at {At(Start.AddSeconds(30))})"));
            Assert.That(registration.LastFailureCode, Is.EqualTo("dns"));
        });
    }

    private static OutgoingCallOptions CallTo(SipHop hop) => new()
    {
        RequestUri = "sip:+442079460100@trunk.example",
        From = "sip:telephony@127.0.0.1",
        To = "sip:+442079460100@trunk.example",
        Destination = hop.EndPoint,
        Transport = hop.Transport,
        Sdp = System.Text.Encoding.ASCII.GetBytes(SipTestMessages.SdpBody),
    };

    [Test]
    public async Task A_call_names_the_next_address_after_a_503_and_says_no_more_addresses_after_the_last_times_out()
    {
        using var unavailable = new ScriptedUdpPeer("503 Service Unavailable");
        using var silent = new ScriptedUdpPeer(answer: null);
        var stack = NewStack();

        var call = stack.InviteAnyAsync(CallTo(unavailable.Hop), [unavailable.Hop, silent.Hop]);
        Assert.That(ScriptedUdpPeer.WaitUntil(() => silent.DistinctRequests == 1), Is.True, "the INVITE reached the second address\n" + string.Join("\n", _log));
        _time.Advance(TimeSpan.FromSeconds(32)); // Timer B
        var result = await call.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Multiple(() =>
        {
            Assert.That(Line("call to"), Is.EqualTo($"call to sip:+442079460100@trunk.example via 127.0.0.1:{unavailable.EndPoint.Port} (udp) failed: 503 Service Unavailable; " +
                                                    $"trying 127.0.0.1:{silent.EndPoint.Port} (udp)"));
            Assert.That(_log.LastOrDefault(l => l.StartsWith("call to", StringComparison.Ordinal)),
                Is.EqualTo($"call to sip:+442079460100@trunk.example via 127.0.0.1:{silent.EndPoint.Port} (udp) failed: no response in 32 s (timeout); no more addresses"));
            Assert.That(result.Status, Is.EqualTo(408));
            Assert.That(result.Reason, Is.EqualTo("no response in 32 s (timeout)"));
        });
    }

    [Test]
    public async Task A_call_whose_invite_cannot_be_sent_is_a_503_transport_error_at_once_not_a_timer_b_408()
    {
        var stack = NewStack();
        var broadcast = new SipHop(new IPEndPoint(IPAddress.Broadcast, 5060), SipTransportKind.Udp);

        var result = await stack.InviteAsync(CallTo(broadcast)).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(503));
            Assert.That(result.Reason, Is.EqualTo("cannot send: AccessDenied (transport error)"));
        });
    }
}
