using System.Text.Json;

namespace Telephony.Interop.Tests;

/// <summary>A real softphone, baresip, against the real server: registration with digest auth, and calls.</summary>
[NonParallelizable]
public class BaresipTests
{
    [Test]
    public async Task Baresip_registers_with_digest_auth_and_its_call_is_answered()
    {
        var users = Path.Combine(Path.GetTempPath(), "users-" + Guid.NewGuid().ToString("N") + ".txt");
        await File.WriteAllTextAsync(users, "alice:wonderland\n");
        // baresip 1.0 gives up on a challenge list that starts with an algorithm it lacks (SHA-256).
        await using var server = await ServerProcess.StartAsync("--users", users, "--digest-algorithms", "MD5");
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
        await using var server = await ServerProcess.StartAsync("--users", users, "--digest-algorithms", "MD5");
        using var phone = Baresip.Create($"<sip:alice@127.0.0.1:{server.SipPort}>;auth_pass=guess;regint=60");

        var run = await phone.RunAsync(3);

        Assert.That(server.Log, Does.Not.Contain("REGISTER alice"), run.ToString());
        File.Delete(users);
    }
}
