using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Telephony.Sip.Messages;
using Telephony.Sip.Security;
using Telephony.Sip.Transport;

namespace Telephony.Sip.Tests.Transport;

/// <summary>Issue 15 items 2, 3, 4, 8: the transports under attack, on real loopback sockets, bounded in time.</summary>
public class TransportHardeningTests
{
    private ConcurrentQueue<string> _log = new();

    [SetUp]
    public void SetUp() => _log = new();

    private SipStack Start(SecurityOptions security, TimeProvider? time = null)
    {
        var stack = new SipStack(new SipStackOptions { BindAddress = IPAddress.Loopback, Port = 0, Security = security, Log = _log.Enqueue }, time);
        stack.Start();
        return stack;
    }

    private string[] Lines(string prefix) => [.. _log.Where(l => l.StartsWith(prefix, StringComparison.Ordinal))];

    [Test]
    public void Fifty_options_in_one_tcp_write_count_as_fifty_requests_for_the_rate_limit()
    {
        // Loopback is trusted by default: trust nothing so the limit applies.
        using var stack = Start(new SecurityOptions { Trusted = [], RequestsPerSecond = 20, Burst = 20 });
        using var peer = new TcpTestPeer(stack.TcpEndPoint!);

        // 3 writes of 50: counted per read this was at most a handful of "requests", never a ban.
        for (var batch = 0; batch < 3; batch++)
        {
            try
            {
                peer.Send(string.Concat(Enumerable.Range(0, 50).Select(i => peer.Options($"b{batch}-{i}"))));
            }
            catch (System.Net.Sockets.SocketException)
            {
                break; // Banned: the stack closed the connection.
            }
        }

        var answered = peer.ReadResponses(150, timeoutMs: 2000);
        Assert.Multiple(() =>
        {
            Assert.That(stack.Bans, Is.EqualTo(1), "one ban for 150 requests against a budget of 40");
            Assert.That(answered, Is.LessThanOrEqualTo(41), "rate plus burst answered, the rest dropped");
            Assert.That(stack.Stats.RateLimited, Is.GreaterThan(0));
            Assert.That(Lines("SECURITY ban ip=127.0.0.1 reason=rate-limit"), Has.Length.EqualTo(1));
        });
    }

    [Test]
    public void A_message_trickled_one_byte_at_a_time_is_cut_off_at_the_message_timeout()
    {
        using var stack = Start(new SecurityOptions { MessageTimeout = TimeSpan.FromSeconds(1) });
        using var slow = new TcpTestPeer(stack.TcpEndPoint!);
        using var quiet = new TcpTestPeer(stack.TcpEndPoint!);
        quiet.Send(quiet.Options("quiet-1"));
        Assert.That(quiet.ReadResponses(1), Is.EqualTo(1));

        // One byte every 100 ms keeps the idle clock (5 min) fresh but never completes a message.
        var bytes = Encoding.ASCII.GetBytes(slow.Options("slow-1"));
        var closed = false;
        var started = Environment.TickCount64;
        for (var i = 0; i < 40 && !closed; i++)
        {
            try
            {
                slow.Send(((char)bytes[i]).ToString());
            }
            catch (System.Net.Sockets.SocketException)
            {
                closed = true;
                break;
            }

            closed = slow.WaitClosed(100);
        }

        var elapsed = Environment.TickCount64 - started;
        Assert.Multiple(() =>
        {
            Assert.That(closed, Is.True, "the trickling connection was closed within 4 s");
            Assert.That(elapsed, Is.InRange(900, 3000), "about the 1 s message timeout after the first byte");
            Assert.That(stack.Stats.MessageTimeouts, Is.EqualTo(1));
            Assert.That(Lines("SECURITY slow ip=127.0.0.1 reason=message-timeout seconds=1 closed=1"), Has.Length.EqualTo(1));
        });

        // The connection that finished its message and then idled is untouched by the message timeout.
        quiet.Send(quiet.Options("quiet-2"));
        Assert.That(quiet.ReadResponses(2), Is.EqualTo(2), "an idle connection between messages stays open");
    }

    [Test]
    public void Connections_beyond_the_global_cap_are_closed_at_once_and_udp_is_still_answered()
    {
        // Loopback is trusted (exempt from the per-address cap) but not from the global one.
        using var stack = Start(new SecurityOptions { MaxConnections = 20 });
        var peers = new List<TcpTestPeer>();
        try
        {
            for (var i = 0; i < 30; i++)
            {
                peers.Add(new TcpTestPeer(stack.TcpEndPoint!));
            }

            var refused = peers.Skip(20).Count(p => p.WaitClosed(2000));
            foreach (var (p, i) in peers.Take(20).Select((p, i) => (p, i)))
            {
                p.Send(p.Options($"kept-{i}"));
            }

            var answered = peers.Take(20).Count(p => p.ReadResponses(1) == 1);
            using var udp = new UdpTestPeer(stack.UdpEndPoint!);
            udp.Send(SipTestMessages.Request("OPTIONS", udp.Port, "z9hG4bK-udp-cap", "udp-cap"));
            Assert.Multiple(() =>
            {
                Assert.That(refused, Is.EqualTo(10), "the 10 beyond the cap are closed");
                Assert.That(answered, Is.EqualTo(20), "the 20 within it are served");
                Assert.That(stack.Stats.ConnectionsRefused, Is.EqualTo(10));
                Assert.That(udp.ReceiveResponse().StatusCode, Is.EqualTo(200), "UDP still answered");
                Assert.That(Lines("SECURITY overload reason=max-connections open=20 max=20 refused=1"), Has.Length.EqualTo(1), "one line for the burst, not ten");
                Assert.That(Lines("SECURITY refuse"), Is.Empty, "no fail2ban line: whoever arrives at a full server need not be who filled it");
            });

            // Closing kept ones frees their slots.
            peers[0].Dispose();
            Assert.That(SpinWait.SpinUntil(() => !new TcpTestPeer(stack.TcpEndPoint!).WaitClosed(300), 5000), Is.True, "a slot freed is taken again");
        }
        finally
        {
            peers.ForEach(p => p.Dispose());
        }
    }

    [Test]
    public void A_thousand_refused_connections_make_one_line_per_source_per_interval_with_the_count()
    {
        var time = new FakeTimeProvider();
        using var stack = new SipStack(new SipStackOptions { Security = new SecurityOptions { Trusted = [] }, Log = _log.Enqueue }, time);
        var attacker = new IPEndPoint(IPAddress.Parse("203.0.113.9"), 40000);

        for (var i = 0; i < 1000; i++)
        {
            Assert.That(stack.AcceptConnection(attacker, 64), Is.False);
        }

        time.Advance(TimeSpan.FromSeconds(10));
        stack.AcceptConnection(attacker, 64);

        // 1,000 other sources at once: at most 20 lines that second, whatever the number of addresses.
        for (var i = 0; i < 1000; i++)
        {
            stack.AcceptConnection(new IPEndPoint(new IPAddress([198, 51, (byte)(i / 256), (byte)(i % 256)]), 5060), 64);
        }

        Assert.Multiple(() =>
        {
            Assert.That(Lines("SECURITY refuse ip=203.0.113.9 "), Is.EqualTo(new[]
            {
                "SECURITY refuse ip=203.0.113.9 reason=too-many-connections open=64 refused=1",
                "SECURITY refuse ip=203.0.113.9 reason=too-many-connections open=64 refused=1000",
            }), "the first at once, then one per 10 s carrying the 999 held back");
            Assert.That(Lines("SECURITY refuse ip=198.51."), Has.Length.EqualTo(19), "global bound per second");
            Assert.That(stack.Stats.ConnectionsRefused, Is.EqualTo(2001), "every refusal counted");
        });
    }

    [Test]
    public void A_datagram_whose_handling_throws_is_counted_and_the_next_one_is_answered()
    {
        var handler = new ThrowingHandler("boom");
        using var udp = new UdpTransport(new IPEndPoint(IPAddress.Loopback, 0), handler, SipParserLimits.Default);
        udp.Start(receiveLoops: 1);
        using var peer = new UdpTestPeer(udp.LocalEndPoint);

        peer.Send(SipTestMessages.Request("OPTIONS", peer.Port, "z9hG4bK-1", "boom"));
        peer.Send(SipTestMessages.Request("OPTIONS", peer.Port, "z9hG4bK-2", "fine"));

        Assert.That(SpinWait.SpinUntil(() => handler.Handled.Contains("fine"), 3000), Is.True, "the receive loop survived and handled the next datagram");
        Assert.That(handler.Errors, Has.Count.EqualTo(1).And.Some.Matches<(SipTransportKind Kind, Exception Error)>(e => e.Kind == SipTransportKind.Udp && e.Error.Message == "injected"));
    }

    [Test]
    public void A_tcp_message_whose_handling_throws_is_counted_and_the_next_one_on_the_connection_is_handled()
    {
        var handler = new ThrowingHandler("boom");
        using var tcp = new TcpTransport(new IPEndPoint(IPAddress.Loopback, 0), handler, SipParserLimits.Default, TimeSpan.FromMinutes(5));
        tcp.Start();
        using var peer = new TcpTestPeer(tcp.LocalEndPoint);

        peer.Send(peer.Options("boom") + peer.Options("fine"));

        Assert.That(SpinWait.SpinUntil(() => handler.Handled.Contains("fine"), 3000), Is.True, "the connection survived the exception and read on");
        Assert.That(handler.Errors.Select(e => e.Kind), Is.EqualTo(new[] { SipTransportKind.Tcp }));
    }

    [Test]
    public void A_sip_stack_reports_receive_errors_in_its_counters_and_rate_limits_their_lines()
    {
        var time = new FakeTimeProvider();
        using var stack = new SipStack(new SipStackOptions { Log = _log.Enqueue }, time);
        for (var i = 0; i < 100; i++)
        {
            stack.OnReceiveError(new InvalidOperationException("injected"), SipTransportKind.Udp, new IPEndPoint(IPAddress.Loopback, 5060));
        }

        time.Advance(TimeSpan.FromSeconds(10));
        stack.OnReceiveError(new InvalidOperationException("injected"), SipTransportKind.Udp, null);

        Assert.Multiple(() =>
        {
            Assert.That(stack.Stats.ReceiveErrors, Is.EqualTo(101));
            Assert.That(Lines("error receiving"), Is.EqualTo(new[]
            {
                "error receiving on udp from 127.0.0.1:5060: InvalidOperationException: injected (dropped, still serving; errors=1)",
                "error receiving on udp: InvalidOperationException: injected (dropped, still serving; errors=100)",
            }));
            Assert.That(stack.Stats.ToString(), Does.Contain("receive_errors=101"));
        });
    }

    [TestCase("Max open files            1024                 1048576              files     \n", 1024)]
    [TestCase("Max processes 63353 63353 processes\nMax open files 256 256 files\n", 256)]
    [TestCase("Max open files            unlimited            unlimited            files\n", int.MaxValue)]
    [TestCase("nothing here\n", null)]
    public void The_open_file_limit_is_read_from_proc_limits(string text, int? soft) =>
        Assert.That(FileLimit.Parse(text), Is.EqualTo(soft));

    [TestCase(256, 158, 49)]
    [TestCase(1024, 158, 433)]
    [TestCase(65536, 158, 4096)]
    [TestCase(int.MaxValue, 158, 4096)]
    [TestCase(200, 190, 16)]
    public void The_default_connection_cap_is_half_the_descriptors_free_at_start(int limit, int inUse, int cap) =>
        Assert.That(FileLimit.For(limit, inUse), Is.EqualTo(cap));

    /// <summary>Throws for messages whose Call-ID is the given one; records the others.</summary>
    private sealed class ThrowingHandler(string poison) : ISipMessageHandler
    {
        public ConcurrentBag<string> Handled { get; } = [];

        public ConcurrentQueue<(SipTransportKind Kind, Exception Error)> Errors { get; } = new();

        public bool AcceptFrom(IPEndPoint source) => true;

        public bool AcceptConnection(IPEndPoint source, int openFromSameAddress) => true;

        public void OnMessage(SipMessage message, SipSource source)
        {
            var callId = message.CallId;
            if (callId == poison)
            {
                throw new InvalidOperationException("injected");
            }

            Handled.Add(callId ?? string.Empty);
        }

        public void OnInvalid(in SipParseResult result, SipSource source)
        {
        }

        public void OnConnectionOverCapacity(IPEndPoint source, int open, int cap)
        {
        }

        public void OnMessageTimeout(IPEndPoint source, TimeSpan timeout)
        {
        }

        public void OnReceiveError(Exception error, SipTransportKind transport, IPEndPoint? source) => Errors.Enqueue((transport, error));

        public void OnAcceptError(Exception error, SipTransportKind transport, TimeSpan backoff)
        {
        }
    }
}
