using System.Collections;
using Telephony.Server.Cli;
using Telephony.Server.Config;
using Telephony.Server.Hosting;

namespace Telephony.Server.Tests;

/// <summary>
/// The registrar's settings: the users file reports every mistake at once as FILE:LINE:COL and
/// refuses stray spaces; --digest-algorithms and --realm are checked with or without --users.
/// </summary>
public class RegistrarSettingsTests
{
    private static readonly string[] Serve = [.. ServeSettings.All.Select(s => s.Name)];

    private static string Users(string text)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("users-").FullName, "users.txt");
        File.WriteAllText(path, text);
        return path;
    }

    private static ServeOptions Options(Dictionary<string, string> flags) => ServeOptions.From(SettingsLoader.Load(null, Serve, flags, new Hashtable()));

    [Test]
    public void Every_mistake_in_the_users_file_is_reported_at_once_with_line_and_column()
    {
        var path = Users("# agents\nalice:wonderland\n  eve : spaced \nbob\nca rol:x\ndave:\nerin: lead\nfrank:trail \nalice:again\n:nobody\n");

        var error = Assert.Throws<UsageException>(() => UsersFile.Load(path));

        Assert.That(error!.Message.Split(Environment.NewLine), Is.EqualTo(new[]
        {
            "invalid users file:",
            $"{path}:3:1: error: the line starts with a space; expected 'user:password' (user of letters, digits, - _ . +)",
            $"{path}:4:4: error: no ':' between user and password; expected 'user:password' (user of letters, digits, - _ . +)",
            $"{path}:5:3: error: user 'ca rol' has a space; expected 'user:password' (user of letters, digits, - _ . +)",
            $"{path}:6:6: error: user 'dave' has no password; expected 'user:password' (user of letters, digits, - _ . +)",
            $"{path}:7:6: error: the password of 'erin' starts with a space; remove it (passwords are used exactly as written)",
            $"{path}:8:12: error: the password of 'frank' ends with a space; remove it (passwords are used exactly as written)",
            $"{path}:9:1: error: user 'alice' is listed twice (first at line 2)",
            $"{path}:10:1: error: no user before ':'; expected 'user:password' (user of letters, digits, - _ . +)",
        }));
    }

    [Test]
    public void Eve_with_spaces_around_her_name_is_refused()
    {
        var error = Assert.Throws<UsageException>(() => UsersFile.Load(Users("eve : spaced\n")));

        Assert.That(error!.Message, Does.Contain("users.txt:1:4: error: user 'eve' has a space"));
    }

    [Test]
    public void Passwords_keep_colons_hashes_and_inner_spaces_exactly()
    {
        var users = UsersFile.Load(Users("alice:a:b#c d\r\n\n# comment\n   \nbob.smith+1:x\n"));

        Assert.That(users, Is.EqualTo(new Dictionary<string, string> { ["alice"] = "a:b#c d", ["bob.smith+1"] = "x" }));
    }

    [Test]
    public void A_file_without_accounts_is_refused()
    {
        var path = Users("# nobody yet\n");

        var error = Assert.Throws<UsageException>(() => UsersFile.Load(path));

        Assert.That(error!.Message, Does.Contain($"{path}:1:1: error: no accounts"));
    }

    [Test]
    public void A_bogus_digest_algorithm_is_refused_even_without_users()
    {
        var error = Assert.Throws<UsageException>(() => Options(new() { ["digest-algorithms"] = "bogus" }));

        Assert.That(error!.Message, Is.EqualTo("--digest-algorithms must list MD5 and/or SHA-256, comma-separated (got 'bogus')"));
    }

    [Test]
    public void A_realm_that_would_break_the_challenge_is_refused()
    {
        var error = Assert.Throws<UsageException>(() => Options(new() { ["realm"] = "a\"b" }));

        Assert.That(error!.Message, Does.StartWith("--realm must be 1-128 printable characters"));
    }

    [Test]
    public void Registrar_settings_without_users_are_kept_for_a_warning()
    {
        var without = Options(new() { ["realm"] = "example", ["digest-algorithms"] = "MD5" });
        var with = Options(new() { ["users"] = Users("alice:x\n"), ["digest-algorithms"] = "md5" });

        Assert.Multiple(() =>
        {
            Assert.That(without.Registrar, Is.Null);
            Assert.That(without.UnusedRegistrarSettings, Is.EqualTo(new[] { "realm", "digest-algorithms" }));
            Assert.That(with.UnusedRegistrarSettings, Is.Empty);
            Assert.That(with.Registrar!.Algorithms, Is.EqualTo(new[] { "MD5" }));
        });
    }
}
