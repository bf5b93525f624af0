using System.Text;
using Microsoft.Extensions.Time.Testing;
using Telephony.Sip.Auth;
using Telephony.Sip.Messages;

namespace Telephony.Sip.Tests;

/// <summary>
/// Which algorithms a REGISTER is challenged with, and which answers are accepted: every
/// configured algorithm in order, MD5 alone for phones that fail on any other (baresip before
/// 3.12), and never an algorithm the admin did not configure.
/// </summary>
public class DigestChallengeChoiceTests
{
    private static readonly Dictionary<string, string> Users = new() { ["alice"] = "wonderland" };

    private static DigestAuthenticator Authenticator(params string[] algorithms) =>
        new("telephony", u => Users.GetValueOrDefault(u), new NonceService(new FakeTimeProvider(), TimeSpan.FromMinutes(5)), algorithms);

    private static SipRequest Register(string? userAgent, string? authorization = null) =>
        (SipRequest)SipParser.Parse(Encoding.ASCII.GetBytes(
            "REGISTER sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKc1\r\n" +
            "From: <sip:alice@127.0.0.1>;tag=r1\r\nTo: <sip:alice@127.0.0.1>\r\nCall-ID: c1\r\nCSeq: 1 REGISTER\r\n" +
            "Contact: <sip:alice@127.0.0.1:5062>\r\n" +
            (userAgent is null ? string.Empty : $"User-Agent: {userAgent}\r\n") +
            (authorization is null ? string.Empty : $"Authorization: {authorization}\r\n") +
            "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n"), isStream: false).Message!;

    private static string[] Algorithms(IEnumerable<SipHeader> challenge) =>
        [.. challenge.Select(h => DigestParameters.TryParse(h.Value, out var p) ? p["algorithm"]! : "?")];

    [TestCase("baresip v1.0.0 (x86_64/linux)")]
    [TestCase("baresip v2.9.0 (arm/linux)")]
    [TestCase("baresip v3.11.1 (x86_64/linux)")]
    public void Baresip_before_3_12_is_challenged_with_md5_alone(string userAgent)
    {
        var auth = Authenticator(DigestAlgorithm.Sha256, DigestAlgorithm.Md5);

        Assert.That(Algorithms(auth.ChallengeFor(Register(userAgent), stale: false)), Is.EqualTo(new[] { "MD5" }));
    }

    [TestCase("baresip v3.12.0 (x86_64/linux)")]
    [TestCase("baresip v4.1.0 (x86_64/linux)")]
    [TestCase("Linphone/5.2 (belle-sip/5.2)")]
    [TestCase(null)]
    public void Other_phones_get_every_configured_algorithm_in_order(string? userAgent)
    {
        var auth = Authenticator(DigestAlgorithm.Sha256, DigestAlgorithm.Md5);

        Assert.That(Algorithms(auth.ChallengeFor(Register(userAgent), stale: false)), Is.EqualTo(new[] { "SHA-256", "MD5" }));
    }

    [Test]
    public void Without_md5_configured_baresip_1_gets_what_is_configured()
    {
        var auth = Authenticator(DigestAlgorithm.Sha256);

        Assert.That(Algorithms(auth.ChallengeFor(Register("baresip v1.0.0 (x86_64/linux)"), stale: false)), Is.EqualTo(new[] { "SHA-256" }));
    }

    [Test]
    public void An_md5_answer_is_refused_when_only_sha256_is_configured()
    {
        var md5Server = Authenticator(DigestAlgorithm.Md5);
        var sha256Only = Authenticator(DigestAlgorithm.Sha256);
        // A correct MD5 answer to an MD5 challenge: each server signs its own nonces, so answer each one's.
        string Md5Answer(DigestAuthenticator a) => DigestClient.Answer(
            [.. a.Challenge(false).Select(h => h.Value.Replace("algorithm=SHA-256", "algorithm=MD5", StringComparison.Ordinal))],
            "REGISTER", "sip:127.0.0.1", "alice", "wonderland")!;

        Assert.Multiple(() =>
        {
            Assert.That(md5Server.Verify(Register(null, Md5Answer(md5Server))).User, Is.EqualTo("alice"), "the same answer where MD5 is allowed");
            Assert.That(sha256Only.Verify(Register(null, Md5Answer(sha256Only))).IsAuthenticated, Is.False, "a downgrade to MD5");
        });
    }

    [Test]
    public void The_algorithm_name_is_matched_without_regard_to_case()
    {
        var auth = Authenticator(DigestAlgorithm.Sha256, DigestAlgorithm.Md5);
        var answer = DigestClient.Answer([.. auth.Challenge(false).Select(h => h.Value)], "REGISTER", "sip:127.0.0.1", "alice", "wonderland")!;

        Assert.That(auth.Verify(Register(null, answer.Replace("algorithm=SHA-256", "algorithm=sha-256", StringComparison.Ordinal))).User, Is.EqualTo("alice"));
    }
}
