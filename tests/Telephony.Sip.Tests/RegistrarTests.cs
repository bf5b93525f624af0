using System.Net;
using Microsoft.Extensions.Time.Testing;
using Telephony.Sip.Auth;
using Telephony.Sip.Messages;
using Telephony.Sip.Registration;

namespace Telephony.Sip.Tests;

/// <summary>The registrar on a real loopback socket, with a fake clock for expiry and nonce age.</summary>
public class RegistrarTests
{
    private FakeTimeProvider _time = null!;
    private SipStack _stack = null!;
    private UdpTestPeer _peer = null!;
    private int _cseq;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider();
        _stack = new SipStack(new SipStackOptions
        {
            BindAddress = IPAddress.Loopback,
            Port = 0,
            EnableTcp = false,
            Registrar = new RegistrarOptions("telephony", new Dictionary<string, string> { ["alice"] = "wonderland" }),
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

    private string Register(string user, string? authorization, string contact = "<sip:alice@127.0.0.1:5062>", string? expires = "120", string callId = "reg-1") =>
        $"REGISTER sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{_peer.Port};branch=z9hG4bKreg{++_cseq}\r\n" +
        $"From: <sip:{user}@127.0.0.1>;tag=r1\r\nTo: <sip:{user}@127.0.0.1>\r\nCall-ID: {callId}\r\nCSeq: {_cseq} REGISTER\r\n" +
        $"Contact: {contact}\r\n{(expires is null ? string.Empty : "Expires: " + expires + "\r\n")}" +
        $"{(authorization is null ? string.Empty : "Authorization: " + authorization + "\r\n")}Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n";

    private SipResponse Send(string text)
    {
        _peer.Send(text);
        return _peer.ReceiveResponse();
    }

    private string Answer(SipResponse challenge, string user, string password) =>
        DigestClient.Answer(challenge.Headers.Where(h => h.Name == "WWW-Authenticate").Select(h => h.Value), "REGISTER", "sip:127.0.0.1", user, password)!;

    [Test]
    public void Register_is_challenged_then_accepted_with_the_binding_and_its_expiry()
    {
        var challenge = Send(Register("alice", null));
        Assert.Multiple(() =>
        {
            Assert.That(challenge.StatusCode, Is.EqualTo(401));
            Assert.That(challenge.Headers.Where(h => h.Name == "WWW-Authenticate").Select(h => h.Value),
                Has.Exactly(1).Contains("algorithm=SHA-256").And.Exactly(1).Contains("algorithm=MD5"));
        });

        var ok = Send(Register("alice", Answer(challenge, "alice", "wonderland")));

        Assert.Multiple(() =>
        {
            Assert.That(ok.StatusCode, Is.EqualTo(200));
            Assert.That(ok.Headers.Get("Contact"), Is.EqualTo("<sip:alice@127.0.0.1:5062>;expires=120"));
            Assert.That(_stack.Registrar!.Lookup("alice").Single().Contact, Is.EqualTo("sip:alice@127.0.0.1:5062"));
        });

        _time.Advance(TimeSpan.FromSeconds(121));
        Assert.That(_stack.Registrar!.Lookup("alice"), Is.Empty, "expired");
    }

    [Test]
    public void Unknown_user_and_wrong_password_get_the_same_answer()
    {
        var challenge = Send(Register("alice", null));
        var wrong = Send(Register("alice", Answer(challenge, "alice", "guess")));
        var challenge2 = Send(Register("mallory", null));
        var unknown = Send(Register("mallory", Answer(challenge2, "mallory", "guess")));

        string Shape(SipResponse r) => $"{r.StatusCode} {r.ReasonPhrase} {string.Join("|", r.Headers.Select(h => h.Name))}";
        Assert.Multiple(() =>
        {
            Assert.That(wrong.StatusCode, Is.EqualTo(401));
            Assert.That(Shape(unknown), Is.EqualTo(Shape(wrong)));
        });
    }

    [Test]
    public void A_replayed_authorization_is_refused()
    {
        var challenge = Send(Register("alice", null));
        var authorization = Answer(challenge, "alice", "wonderland");

        Assert.That(Send(Register("alice", authorization)).StatusCode, Is.EqualTo(200));
        Assert.That(Send(Register("alice", authorization)).StatusCode, Is.EqualTo(401), "same nonce-count again");
    }

    [Test]
    public void An_expired_nonce_with_good_credentials_is_answered_stale()
    {
        var challenge = Send(Register("alice", null));
        var authorization = Answer(challenge, "alice", "wonderland");
        _time.Advance(TimeSpan.FromMinutes(6));

        var stale = Send(Register("alice", authorization));

        Assert.That(stale.StatusCode, Is.EqualTo(401));
        Assert.That(stale.Headers.Get("WWW-Authenticate"), Does.Contain("stale=true"));
    }

    [Test]
    public void Too_brief_registrations_get_423_and_removal_with_star_works()
    {
        var brief = Send(Register("alice", Answer(Send(Register("alice", null)), "alice", "wonderland"), expires: "10"));
        Assert.Multiple(() =>
        {
            Assert.That(brief.StatusCode, Is.EqualTo(423));
            Assert.That(brief.Headers.Get("Min-Expires"), Is.EqualTo("60"));
        });

        Send(Register("alice", Answer(Send(Register("alice", null)), "alice", "wonderland")));
        var removed = Send(Register("alice", Answer(Send(Register("alice", null)), "alice", "wonderland"), contact: "*", expires: "0"));
        Assert.Multiple(() =>
        {
            Assert.That(removed.StatusCode, Is.EqualTo(200));
            Assert.That(_stack.Registrar!.Lookup("alice"), Is.Empty);
        });
    }

    [Test]
    public void Registering_someone_else_is_forbidden()
    {
        var challenge = Send(Register("alice", null));
        var text = Register("alice", Answer(challenge, "alice", "wonderland")).Replace("To: <sip:alice@", "To: <sip:bob@", StringComparison.Ordinal);

        Assert.That(Send(text).StatusCode, Is.EqualTo(403));
    }
}
