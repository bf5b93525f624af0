using System.Text.RegularExpressions;

namespace Telephony.Interop.Tests;

/// <summary>
/// The real server's registrar under a password guesser (sipp): it says at startup that it is
/// on and for how many accounts, and wrong passwords become SECURITY lines the documented
/// fail2ban filter matches, bounded per source.
/// </summary>
[NonParallelizable]
public partial class RegistrarSecurityTests
{
    [Test]
    public async Task Sixteen_wrong_passwords_are_logged_for_fail2ban_and_bounded()
    {
        var users = Path.Combine(Path.GetTempPath(), "users-" + Guid.NewGuid().ToString("N") + ".txt");
        await File.WriteAllTextAsync(users, "alice:wonderland\nbob:builder\n");
        await using var server = await ServerProcess.StartAsync("--users", users, "--digest-algorithms", "MD5");

        var run = await Sipp.RunAsync(server, TimeSpan.FromSeconds(60), "-sf", RepoPaths.SippScenario("uac_register_auth.xml"),
            "-s", "alice", "-au", "alice", "-ap", "guess", "-m", "16", "-l", "1");

        var lines = server.Log.Split('\n').Where(l => l.Contains("SECURITY auth-failed", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero, run.ToString());
            Assert.That(server.Log, Does.Contain($"registrar: on, 2 accounts from {users}; realm telephony; digest MD5"), server.Log);
            Assert.That(lines, Has.Count.EqualTo(5), "a burst of five, then one per 12 s carrying the count\n" + server.Log);
            Assert.That(lines, Has.All.Contains("SECURITY auth-failed ip=127.0.0.1 user=\"alice\" reason=wrong-password method=REGISTER failures=1"));
            Assert.That(lines, Has.All.Match(AuthFailRegex()), "the docs/security.md filter of the auth jail");
            Assert.That(server.Log, Does.Not.Contain("REGISTER alice:"), "never registered");
        });
        File.Delete(users);
    }

    [Test]
    public async Task Without_users_the_startup_log_says_the_registrar_is_off_and_unused_settings_are_named()
    {
        await using var server = await ServerProcess.StartAsync("--realm", "example.com");

        Assert.Multiple(() =>
        {
            Assert.That(server.Log, Does.Contain("registrar: off (no --users): REGISTER is answered 405"), server.Log);
            Assert.That(server.Log, Does.Contain("warning: --realm has no effect without --users"), server.Log);
        });
    }

    /// <summary>The failregex of the auth jail in docs/security.md.</summary>
    [GeneratedRegex(@"^.*SECURITY auth-failed ip=127\.0\.0\.1\b")]
    private static partial Regex AuthFailRegex();
}
