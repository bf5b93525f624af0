using System.Text.Json;

namespace Telephony.Interop.Tests;

/// <summary>A real softphone, baresip, against the real server: registration with digest auth, and calls.</summary>
[NonParallelizable]
public class BaresipTests
{
    /// <summary>
    /// baresip 1.0 (Debian 12) fails a 401 that carries any non-MD5 challenge, in any order
    /// ("Register: Function not implemented"); the registrar challenges it with MD5 alone, so it
    /// registers with the default algorithms and with any list that includes MD5 (README, --users).
    /// </summary>
    [TestCase(null)]
    [TestCase("MD5,SHA-256")]
    [TestCase("MD5")]
    public async Task Baresip_registers_with_digest_auth_and_its_call_is_answered(string? digestAlgorithms)
    {
        var users = Path.Combine(Path.GetTempPath(), "users-" + Guid.NewGuid().ToString("N") + ".txt");
        await File.WriteAllTextAsync(users, "alice:wonderland\n");
        await using var server = await ServerProcess.StartAsync(digestAlgorithms is null ? ["--users", users] : ["--users", users, "--digest-algorithms", digestAlgorithms]);
        using var phone = Baresip.Create($"<sip:alice@127.0.0.1:{server.SipPort}>;auth_pass=wonderland;regint=60");

        var run = await phone.RunAsync(8, $"/dial sip:ivr@127.0.0.1:{server.SipPort}");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(server.Log, Does.Contain("REGISTER alice: 1 binding(s)"), server.Log + run);
        var cdr = await ServerProcess.CdrForAsync(server, c => c.GetProperty("from").GetString()!.StartsWith("sip:alice@", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(cdr.GetProperty("answered_at").ValueKind, Is.EqualTo(JsonValueKind.String));
            Assert.That(cdr.GetProperty("sip_status").GetInt32(), Is.EqualTo(200));
            Assert.That(cdr.GetProperty("codec").GetString(), Is.AnyOf("PCMU", "PCMA"));
        });
        File.Delete(users);
    }

    [Test]
    public async Task A_wrong_password_never_registers()
    {
        var users = Path.Combine(Path.GetTempPath(), "users-" + Guid.NewGuid().ToString("N") + ".txt");
        await File.WriteAllTextAsync(users, "alice:wonderland\n");
        await using var server = await ServerProcess.StartAsync("--users", users);
        using var phone = Baresip.Create($"<sip:alice@127.0.0.1:{server.SipPort}>;auth_pass=guess;regint=60");

        var run = await phone.RunAsync(3);

        Assert.That(server.Log, Does.Not.Contain("REGISTER alice"), run.ToString());
        File.Delete(users);
    }

    [Test]
    public async Task With_sha256_alone_baresip_1_cannot_register_as_the_readme_says()
    {
        var users = Path.Combine(Path.GetTempPath(), "users-" + Guid.NewGuid().ToString("N") + ".txt");
        await File.WriteAllTextAsync(users, "alice:wonderland\n");
        await using var server = await ServerProcess.StartAsync("--users", users, "--digest-algorithms", "SHA-256");
        using var phone = Baresip.Create($"<sip:alice@127.0.0.1:{server.SipPort}>;auth_pass=wonderland;regint=60");

        var run = await phone.RunAsync(3);

        Assert.Multiple(() =>
        {
            Assert.That(server.Log, Does.Not.Contain("REGISTER alice"), run.ToString());
            Assert.That(run.ToString(), Does.Contain("Function not implemented"), "baresip's own words for a challenge it cannot answer");
        });
        File.Delete(users);
    }
}
