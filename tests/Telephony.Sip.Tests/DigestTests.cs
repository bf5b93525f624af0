using Microsoft.Extensions.Time.Testing;
using Telephony.Sip.Auth;

namespace Telephony.Sip.Tests;

public class DigestTests
{
    [Test]
    public void Md5_response_matches_the_rfc_2617_example()
    {
        var ha1 = DigestAlgorithm.Ha1(DigestAlgorithm.Md5, "Mufasa", "testrealm@host.com", "Circle Of Life");

        var response = DigestAlgorithm.Response(DigestAlgorithm.Md5, ha1, "dcd98b7102dd2f0e8b11d0f600bfb0c093", "GET", "/dir/index.html", "auth", "00000001", "0a4f113b");

        Assert.That(response, Is.EqualTo("6629fae49393a05397450978507c4ef1"));
    }

    [TestCase(DigestAlgorithm.Md5, "8ca523f5e9506fed4657c9700eebdbec")]
    [TestCase(DigestAlgorithm.Sha256, "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")]
    public void Responses_match_the_rfc_7616_examples(string algorithm, string expected)
    {
        var ha1 = DigestAlgorithm.Ha1(algorithm, "Mufasa", "http-auth@example.org", "Circle of Life");

        var response = DigestAlgorithm.Response(algorithm, ha1, "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "GET", "/dir/index.html", "auth", "00000001",
            "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ");

        Assert.That(response, Is.EqualTo(expected));
    }

    [Test]
    public void Challenge_parameters_parse_with_quotes_escapes_and_spaces()
    {
        Assert.That(DigestParameters.TryParse("Digest realm=\"a \\\"b\\\"\", nonce=\"n,1\" ,algorithm=SHA-256,qop=\"auth,auth-int\", stale=true", out var p), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(p["realm"], Is.EqualTo("a \"b\""));
            Assert.That(p["nonce"], Is.EqualTo("n,1"));
            Assert.That(p["algorithm"], Is.EqualTo("SHA-256"));
            Assert.That(p["qop"], Is.EqualTo("auth,auth-int"));
            Assert.That(p["stale"], Is.EqualTo("true"));
            Assert.That(DigestParameters.TryParse("Basic dXNlcg==", out _), Is.False);
            Assert.That(DigestParameters.TryParse("Digest realm=\"unterminated", out _), Is.False);
        });
    }

    [Test]
    public void Nonces_are_ours_expire_as_stale_and_refuse_replayed_counts()
    {
        var time = new FakeTimeProvider();
        var nonces = new NonceService(time, TimeSpan.FromMinutes(5));
        var other = new NonceService(time, TimeSpan.FromMinutes(5));
        var nonce = nonces.Issue();

        Assert.Multiple(() =>
        {
            Assert.That(nonces.Check(nonce, "00000001"), Is.EqualTo(NonceState.Valid));
            Assert.That(nonces.Check(nonce, "00000002"), Is.EqualTo(NonceState.Valid));
            Assert.That(nonces.Check(nonce, "00000002"), Is.EqualTo(NonceState.Invalid), "replayed nonce-count");
            Assert.That(other.Check(nonce, "00000001"), Is.EqualTo(NonceState.Invalid), "signed by another secret");
            Assert.That(nonces.Check("not-a-nonce", null), Is.EqualTo(NonceState.Invalid));
        });

        time.Advance(TimeSpan.FromMinutes(6));
        Assert.That(nonces.Check(nonce, "00000003"), Is.EqualTo(NonceState.Stale));
    }

    [Test]
    public void Client_prefers_sha256_and_its_answer_verifies()
    {
        var challenges = new[]
        {
            "Digest realm=\"r\", nonce=\"abc\", algorithm=MD5, qop=\"auth\"",
            "Digest realm=\"r\", nonce=\"abc\", algorithm=SHA-256, qop=\"auth\"",
        };

        var answer = DigestClient.Answer(challenges, "REGISTER", "sip:example.com", "alice", "secret");

        Assert.That(DigestParameters.TryParse(answer, out var p), Is.True);
        var ha1 = DigestAlgorithm.Ha1(DigestAlgorithm.Sha256, "alice", "r", "secret");
        Assert.Multiple(() =>
        {
            Assert.That(p["algorithm"], Is.EqualTo("SHA-256"));
            Assert.That(p["response"], Is.EqualTo(DigestAlgorithm.Response(DigestAlgorithm.Sha256, ha1, "abc", "REGISTER", "sip:example.com", "auth", p["nc"], p["cnonce"])));
        });
    }
}
