using System.Collections;
using Telephony.Server.Cli;
using Telephony.Server.Config;
using Telephony.Server.Hosting;

namespace Telephony.Server.Tests;

/// <summary>
/// The folders serve needs are checked before it starts: a mistyped --prompts, a --data or
/// --record that is a file or cannot be written stops it with the flag (or its source) named.
/// </summary>
public class ServeFoldersTests
{
    private static readonly string[] Serve = [.. ServeSettings.All.Select(s => s.Name)];

    private static readonly string Prompts = Directory.CreateTempSubdirectory("prompts-").FullName;

    /// <summary>Checks the folders of a serve command line whose other folders are fine.</summary>
    private static void Check(Dictionary<string, string> flags, IDictionary? env = null)
    {
        var root = Directory.CreateTempSubdirectory("serve-").FullName;
        var all = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["data"] = Path.Combine(root, "data"),
            ["dialplans"] = Path.Combine(root, "dialplans"),
            ["prompts"] = Prompts,
        };
        foreach (var (key, value) in flags)
        {
            all[key] = value;
        }

        foreach (var key in env?.Keys.Cast<string>() ?? [])
        {
            all.Remove(key["TELEPHONY_".Length..].ToLowerInvariant());
        }

        var settings = SettingsLoader.Load(null, Serve, all, env ?? new Hashtable());
        ServeFolders.Check(settings, ServeOptions.From(settings));
    }

    private static string Error(Dictionary<string, string> flags, IDictionary? env = null) =>
        Assert.Throws<UsageException>(() => Check(flags, env))!.Message;

    [TestCase("prompts", "/nonexistent/prompts", "--prompts must be an existing folder of prompt WAV files: /nonexistent/prompts does not exist")]
    [TestCase("prompts", "/etc/passwd", "--prompts must be an existing folder of prompt WAV files: /etc/passwd is a file")]
    [TestCase("data", "/etc/passwd", "--data must be a writable folder (created when missing if its parent folder exists): /etc/passwd is a file")]
    [TestCase("data", "/nonexistent/data", "--data must be a writable folder (created when missing if its parent folder exists): /nonexistent/data does not exist, nor does /nonexistent")]
    [TestCase("data", "/proc/x", "--data must be a writable folder (created when missing if its parent folder exists): /proc/x cannot be created")]
    [TestCase("record", "/etc/passwd", "--record must be a writable folder (created when missing if its parent folder exists): /etc/passwd is a file")]
    [TestCase("record", "/proc", "--record must be a writable folder (created when missing if its parent folder exists): /proc is not writable")]
    [TestCase("dialplans", "/etc/passwd", "--dialplans must be a folder (created when missing if its parent folder exists): /etc/passwd is a file")]
    public void A_folder_that_cannot_serve_stops_serve_naming_its_flag(string flag, string path, string message)
    {
        Assert.That(Error(new() { [flag] = path }), Does.StartWith(message));
    }

    [Test]
    public void A_folder_from_the_environment_or_the_default_is_named_as_such()
    {
        var env = Error([], new Hashtable { ["TELEPHONY_PROMPTS"] = "/nonexistent/prompts" });
        var cwd = Environment.CurrentDirectory;
        var work = Directory.CreateTempSubdirectory("cwd-").FullName;
        string byDefault;
        try
        {
            Environment.CurrentDirectory = work;
            var settings = SettingsLoader.Load(null, Serve, new Dictionary<string, string> { ["data"] = Path.Combine(work, "data") }, new Hashtable());
            byDefault = Assert.Throws<UsageException>(() => ServeFolders.Check(settings, ServeOptions.From(settings)))!.Message;
        }
        finally
        {
            Environment.CurrentDirectory = cwd;
        }

        Assert.Multiple(() =>
        {
            Assert.That(env, Does.StartWith("TELEPHONY_PROMPTS: prompts must be an existing folder of prompt WAV files: /nonexistent/prompts does not exist"));
            Assert.That(byDefault, Does.StartWith($"--prompts must be an existing folder of prompt WAV files: ./prompts (the default, {Path.Combine(work, "prompts")}) does not exist"));
        });
    }

    [Test]
    public void A_folder_inside_another_that_serve_creates_has_its_parent()
    {
        var data = Path.Combine(Directory.CreateTempSubdirectory("serve-").FullName, "data");

        Check(new() { ["data"] = data, ["dialplans"] = Path.Combine(data, "dialplans"), ["record"] = Path.Combine(data, "recordings") });

        Assert.That(Directory.Exists(Path.Combine(data, "dialplans")) && Directory.Exists(Path.Combine(data, "recordings")), Is.True);
    }

    [Test]
    public void A_refused_folder_takes_back_the_folders_the_check_created()
    {
        var root = Directory.CreateTempSubdirectory("serve-").FullName;

        Assert.Throws<UsageException>(() => Check(new() { ["data"] = Path.Combine(root, "data"), ["dialplans"] = Path.Combine(root, "dialplans"), ["record"] = "/proc" }));

        Assert.That(Directory.GetFileSystemEntries(root), Is.Empty);
    }

    [Test]
    public void Missing_data_record_and_dialplans_folders_are_created_when_their_parent_exists()
    {
        var root = Directory.CreateTempSubdirectory("serve-").FullName;
        var data = Path.Combine(root, "data");
        var record = Path.Combine(root, "recordings");
        var dialplans = Path.Combine(root, "dialplans");

        Check(new() { ["data"] = data, ["record"] = record, ["dialplans"] = dialplans });

        Assert.Multiple(() =>
        {
            Assert.That(Directory.Exists(data), Is.True);
            Assert.That(Directory.Exists(record), Is.True);
            Assert.That(Directory.Exists(dialplans), Is.True);
            Assert.That(Directory.GetFileSystemEntries(data), Is.Empty, "the write check leaves nothing behind");
        });
    }
}
