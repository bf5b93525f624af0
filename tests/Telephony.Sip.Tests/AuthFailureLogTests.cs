using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Time.Testing;
using Telephony.Sip.Auth;
using Telephony.Sip.Messages;
using Telephony.Sip.Registration;
using Telephony.Sip.Security;

namespace Telephony.Sip.Tests;

/// <summary>
/// Wrong passwords reach the log as SECURITY lines fail2ban can act on, bounded per source and
/// overall; a phone's normal first REGISTER, a stale nonce or a nonce from before a restart do not.
/// </summary>
public class AuthFailureLogTests
{
    private FakeTimeProvider _time = null!;
    private SipStack _stack = null!;
    private UdpTestPeer _peer = null!;
    private ConcurrentQueue<string> _log = null!;
    private int _cseq;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider();
        _log = new ConcurrentQueue<string>();
        _stack = new SipStack(new SipStackOptions
        {
            BindAddress = IPAddress.Loopback,
            Port = 0,
            EnableTcp = false,
            Registrar = new RegistrarOptions("telephony", new Dictionary<string, string> { ["alice"] = "wonderland" }),
            Log = _log.Enqueue,
        }, _time);
        _stack.Start();
        _peer = new UdpTestPeer(_stack.UdpEndPoint!);
    }

    [TearDown]
    public void TearDown()
    {
        _peer.Dispose();
        _stack.Dispose();
    }

    private string[] SecurityLines => [.. _log.Where(l => l.StartsWith("SECURITY auth-failed", StringComparison.Ordinal))];

    private SipResponse Register(string user, string? authorization)
    {
        _cseq++;
        _peer.Send($"REGISTER sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{_peer.Port};branch=z9hG4bKaf{_cseq}\r\n" +
            $"From: <sip:{user}@127.0.0.1>;tag=a1\r\nTo: <sip:{user}@127.0.0.1>\r\nCall-ID: af-1\r\nCSeq: {_cseq} REGISTER\r\n" +
            $"Contact: <sip:{user}@127.0.0.1:5062>\r\nExpires: 120\r\n" +
            $"{(authorization is null ? string.Empty : "Authorization: " + authorization + "\r\n")}Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n");
        return _peer.ReceiveResponse();
    }

    private SipResponse Guess(string user, string password)
    {
        var challenge = Register(user, null);
        var answer = DigestClient.Answer(challenge.Headers.Where(h => h.Name == "WWW-Authenticate").Select(h => h.Value), "REGISTER", "sip:127.0.0.1", user, password)!;
        return Register(user, answer);
    }

    [Test]
    public void Sixteen_wrong_passwords_log_a_burst_of_lines_then_one_per_interval_carrying_the_count()
    {
        for (var i = 0; i < 16; i++)
        {
            Assert.That(Guess("alice", "guess" + i).StatusCode, Is.EqualTo(401));
        }

        Assert.That(SecurityLines, Has.Length.EqualTo(AuthFailureLog.BurstPerSource), string.Join("\n", _log));
        Assert.That(SecurityLines[0], Is.EqualTo("SECURITY auth-failed ip=127.0.0.1 user=\"alice\" reason=wrong-password method=REGISTER failures=1"));

        _time.Advance(AuthFailureLog.RefillPerSource);
        Guess("alice", "once more");

        Assert.Multiple(() =>
        {
            Assert.That(SecurityLines, Has.Length.EqualTo(AuthFailureLog.BurstPerSource + 1));
            Assert.That(SecurityLines[^1], Does.EndWith($"failures={16 - AuthFailureLog.BurstPerSource + 1}"), "the unlogged attempts are carried in the next line");
            Assert.That(_stack.Registrar!.Failures.Failures, Is.EqualTo(17));
        });
    }

    [Test]
    public void An_unknown_user_is_named_as_such()
    {
        Guess("mallory", "guess");

        Assert.That(SecurityLines, Is.EqualTo(new[] { "SECURITY auth-failed ip=127.0.0.1 user=\"mallory\" reason=unknown-user method=REGISTER failures=1" }));
    }

    [Test]
    public void A_normal_login_a_stale_nonce_and_a_nonce_from_another_server_log_nothing()
    {
        var challenge = Register("alice", null);
        var answer = DigestClient.Answer(challenge.Headers.Where(h => h.Name == "WWW-Authenticate").Select(h => h.Value), "REGISTER", "sip:127.0.0.1", "alice", "wonderland")!;
        _time.Advance(TimeSpan.FromMinutes(6));
        Assert.That(Register("alice", answer).Headers.Get("WWW-Authenticate"), Does.Contain("stale=true"));

        // The right password over a nonce this server never issued (a phone after a restart).
        var foreign = new DigestAuthenticator("telephony", _ => "wonderland", new NonceService(_time, TimeSpan.FromMinutes(5)));
        var old = DigestClient.Answer([.. foreign.Challenge(false).Select(h => h.Value)], "REGISTER", "sip:127.0.0.1", "alice", "wonderland")!;
        Assert.That(Register("alice", old).StatusCode, Is.EqualTo(401));

        Assert.That(Guess("alice", "wonderland").StatusCode, Is.EqualTo(200));
        Assert.That(SecurityLines, Is.Empty, string.Join("\n", _log));
    }

    [Test]
    public void A_user_name_cannot_forge_a_log_line()
    {
        var log = new List<string>();
        var failures = new AuthFailureLog(new FakeTimeProvider(), log.Add);

        failures.Failed(IPAddress.Parse("192.0.2.1"), "x\" reason=fake\nSECURITY ban ip=10.0.0.1", "wrong-password", "REGISTER");

        Assert.That(log.Single(), Is.EqualTo("SECURITY auth-failed ip=192.0.2.1 user=\"x%22 reason%3Dfake%0ASECURITY ban ip%3D10.0.0.1\" reason=wrong-password method=REGISTER failures=1"), "one ip= only: the greedy fail2ban filter must not ban 10.0.0.1");
    }

    [Test]
    public void Many_sources_are_bounded_by_the_table_and_the_global_rate()
    {
        var log = new List<string>();
        var time = new FakeTimeProvider();
        var failures = new AuthFailureLog(time, log.Add);

        // Spoofed sources, each failing once, all within one second.
        for (var i = 0; i < AuthFailureLog.MaxSources + 1000; i++)
        {
            failures.Failed(new IPAddress(BitConverter.GetBytes(0x0A000000 + i)), "alice", "wrong-password", "REGISTER");
        }

        Assert.Multiple(() =>
        {
            Assert.That(failures.TrackedSources, Is.EqualTo(AuthFailureLog.MaxSources));
            Assert.That(log, Has.Count.EqualTo(AuthFailureLog.GlobalPerSecond), "the global budget in the first second");
            Assert.That(failures.Unlogged, Is.EqualTo(AuthFailureLog.MaxSources + 1000 - AuthFailureLog.GlobalPerSecond));
        });

        // A minute later the idle sources make room again.
        time.Advance(TimeSpan.FromMinutes(1));
        failures.Failed(IPAddress.Parse("198.51.100.7"), "bob", "unknown-user", "REGISTER");
        Assert.That(log[^1], Does.StartWith("SECURITY auth-failed ip=198.51.100.7"));
    }
}
