using System.Collections.Concurrent;
using Telephony.Dialplan.Serving;
using Telephony.Dialplan.Validation;

namespace Telephony.Dialplan.Tests.Serving;

/// <summary>The served folder on a real file system: loads, reloads, rejects, removes, and refuses files that fight over calls.</summary>
[NonParallelizable]
public class DialplanFolderTests
{
    private string _dir = null!;
    private readonly ConcurrentQueue<string> _log = new();

    [SetUp]
    public void MakeFolder()
    {
        _dir = Path.Combine(Path.GetTempPath(), "dialplan-folder-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        _log.Clear();
    }

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Valid_files_are_served_and_an_empty_folder_serves_none()
    {
        using var empty = Open();
        Assert.That(empty.Current, Is.Empty);

        Write("a.yaml", Plan("a", "+100"));
        empty.Scan();

        Assert.That(empty.Current.Select(m => m.Name), Is.EqualTo(new[] { "a" }));
    }

    [Test]
    public void An_edit_is_picked_up_within_a_second_without_an_explicit_scan()
    {
        Write("a.yaml", Plan("a", "+100"));
        using var folder = Open();
        var first = folder.Current;

        Write("a.yaml", Plan("renamed", "+100"));

        Assert.That(() => folder.Current.Select(m => m.Name), Is.EqualTo(new[] { "renamed" }).After(1000, 25));
        Assert.That(first.Single().Name, Is.EqualTo("a"), "a snapshot taken before stays as it was (calls in progress)");
    }

    [Test]
    public void An_invalid_edit_is_rejected_with_its_position_and_the_previous_version_keeps_serving()
    {
        Write("a.yaml", Plan("a", "+100"));
        using var folder = Open();

        Write("a.yaml", Plan("a", "+100").Replace("- hangup", "- hangupp", StringComparison.Ordinal));
        folder.Scan();

        Assert.Multiple(() =>
        {
            Assert.That(folder.Current.Single().Name, Is.EqualTo("a"));
            Assert.That(_log, Has.Some.Contains("rejected a.yaml (1 error; the previous version keeps serving)"));
            Assert.That(_log, Has.Some.Match(@"a\.yaml:7:7: error: unknown step 'hangupp'"));
        });
    }

    [Test]
    public void A_file_that_claims_a_number_another_file_serves_is_rejected()
    {
        Write("a.yaml", Plan("a", "+100"));
        using var folder = Open();

        Write("b.yaml", Plan("b", "+100"));
        folder.Scan();

        Assert.Multiple(() =>
        {
            Assert.That(folder.Current.Select(m => m.Name), Is.EqualTo(new[] { "a" }));
            Assert.That(_log, Has.Some.Contains("rejected b.yaml"));
        });
    }

    [Test]
    public void A_second_file_that_takes_every_call_is_rejected_even_when_its_name_sorts_first()
    {
        Write("b.yaml", Default("b"));
        using var folder = Open();

        Write("a.yaml", Default("a"));
        folder.Scan();

        Assert.Multiple(() =>
        {
            Assert.That(folder.Current.Select(m => m.Name), Is.EqualTo(new[] { "b" }), "the file already serving keeps taking every call");
            Assert.That(_log, Has.Some.Contains("rejected a.yaml (1 error; not served)"));
            Assert.That(_log, Has.Some.Match(@"a\.yaml:3:3: error: this dialplan takes every call, and so does .*b\.yaml:3"));
            Assert.That(_log, Has.None.Contains("loaded a.yaml"));
        });
    }

    [Test]
    public void A_new_file_that_claims_a_served_number_is_rejected_even_when_its_name_sorts_first()
    {
        Write("b.yaml", Plan("b", "+100"));
        using var folder = Open();

        Write("a.yaml", Plan("a", "+100"));
        folder.Scan();

        Assert.Multiple(() =>
        {
            Assert.That(folder.Current.Select(m => m.Name), Is.EqualTo(new[] { "b" }));
            Assert.That(_log, Has.Some.Match(@"a\.yaml:3:5: error: number '\+100' is also routed by .*b\.yaml:3"));
        });
    }

    [Test]
    public void A_fresh_start_rejects_the_file_validate_blames()
    {
        Write("a.yaml", Default("a"));
        Write("b.yaml", Default("b"));
        var validator = FolderChecker.Check([.. new[] { "a.yaml", "b.yaml" }.Select(n => DialplanLoader.LoadFile(Path.Combine(_dir, n), new DialplanOptions(null)).Model!)]);

        using var folder = Open();

        Assert.Multiple(() =>
        {
            Assert.That(validator.Select(d => Path.GetFileName(d.File)), Is.EqualTo(new[] { "b.yaml" }));
            Assert.That(folder.Current.Select(m => m.Name), Is.EqualTo(new[] { "a" }));
            Assert.That(_log, Has.Some.Contains(validator[0].ToString()));
        });
    }

    [Test]
    public void A_clashing_file_serves_once_the_file_it_clashed_with_gets_routes()
    {
        Write("b.yaml", Default("b"));
        using var folder = Open();
        Write("a.yaml", Default("a"));
        folder.Scan();

        Write("b.yaml", Plan("b", "+200"));
        folder.Scan();

        Assert.That(folder.Current.Select(m => m.Name), Is.EquivalentTo(new[] { "a", "b" }));
    }

    [Test]
    public void Every_change_of_a_file_is_judged_and_logged_break_restore_break_again()
    {
        // The admin's walk with the real watcher (no explicit scans): break, restore with cp, break the same way.
        var good = Plan("a", "+100");
        var broken = good.Replace("- hangup", "- hangupp", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(_dir, "good.bak"), good);
        File.WriteAllText(Path.Combine(_dir, "broken.bak"), broken);
        Write("a.yaml", good);
        using var folder = Open();

        Copy("broken.bak");
        Assert.That(() => Count("rejected a.yaml"), Is.EqualTo(1).After(3000, 25), Logged());

        Copy("good.bak");
        Assert.That(() => Count("reloaded a.yaml"), Is.EqualTo(1).After(3000, 25), "restoring the served text is judged and accepted" + Logged());

        Copy("broken.bak");
        Assert.That(() => Count("rejected a.yaml"), Is.EqualTo(2).After(3000, 25), "the same mistake made again is reported again" + Logged());
        Assert.That(_log.Count(l => l.Contains("a.yaml:7:7: error: unknown step 'hangupp'", StringComparison.Ordinal)), Is.EqualTo(2));
        Assert.That(folder.Current.Single().Name, Is.EqualTo("a"), "the good version keeps serving");
    }

    [Test]
    public void A_file_refused_for_a_clash_serves_once_the_other_file_goes()
    {
        Write("a.yaml", Plan("a", "+100"));
        using var folder = Open();
        Write("b.yaml", Plan("b", "+100"));
        folder.Scan();

        File.Delete(Path.Combine(_dir, "a.yaml"));
        folder.Scan();

        Assert.That(folder.Current.Select(m => m.Name), Is.EqualTo(new[] { "b" }));
    }

    [Test]
    public void The_log_says_one_flow_and_one_step_in_the_singular()
    {
        Write("a.yaml", Plan("a", "+100"));
        Write("b.yaml", Plan("b", "+200").Replace("- hangup", "- answer\n    - hangup", StringComparison.Ordinal));

        using var folder = Open();

        Assert.That(_log, Has.Some.EndsWith("loaded a.yaml: 1 flow, 1 step").And.Some.EndsWith("loaded b.yaml: 1 flow, 2 steps"));
    }

    [Test]
    public void A_deleted_file_stops_serving()
    {
        Write("a.yaml", Plan("a", "+100"));
        Write("b.yaml", Plan("b", "+200"));
        using var folder = Open();
        var version = folder.Version;

        File.Delete(Path.Combine(_dir, "b.yaml"));
        folder.Scan();

        Assert.Multiple(() =>
        {
            Assert.That(folder.Current.Select(m => m.Name), Is.EqualTo(new[] { "a" }));
            Assert.That(folder.Version, Is.GreaterThan(version));
        });
    }

    [Test]
    public void A_file_rejected_for_a_missing_prompt_serves_once_the_recording_is_copied_in()
    {
        var prompts = Prompts();
        Write("a.yaml", Greeting("a"));
        using var folder = Open(prompts);
        Assert.That(_log, Has.Some.Contains("rejected a.yaml (1 error; not served)").And.Some.Contains("prompt file 'welcome' not found"), Logged());

        File.WriteAllBytes(Path.Combine(prompts, "welcome.wav"), new byte[44]);

        Assert.That(() => folder.Current.Select(m => m.Name), Is.EqualTo(new[] { "a" }).After(2000, 25), Logged());
        Assert.That(_log, Has.Some.Contains("dialplans: loaded a.yaml"), Logged());
    }

    [Test]
    public void Without_file_events_the_prompts_folder_is_still_listed_every_few_scans()
    {
        var prompts = Prompts();
        Write("a.yaml", Greeting("a"));
        using var folder = Open(prompts);

        File.WriteAllBytes(Path.Combine(prompts, "welcome.wav"), new byte[44]);
        for (var i = 0; i < 10 && folder.Current.Count == 0; i++)
        {
            folder.Scan();
        }

        Assert.That(folder.Current.Select(m => m.Name), Is.EqualTo(new[] { "a" }), Logged());
    }

    [Test]
    public void A_serving_file_is_reported_when_a_recording_it_names_is_removed_and_keeps_serving()
    {
        var prompts = Prompts();
        File.WriteAllBytes(Path.Combine(prompts, "welcome.wav"), new byte[44]);
        Write("a.yaml", Greeting("a"));
        using var folder = Open(prompts);

        File.Delete(Path.Combine(prompts, "welcome.wav"));

        Assert.That(() => _log.Any(l => l.Contains("rejected a.yaml (1 error; the previous version keeps serving)", StringComparison.Ordinal)), Is.True.After(2000, 25), Logged());
        Assert.That(folder.Current.Select(m => m.Name), Is.EqualTo(new[] { "a" }));
    }

    [Test]
    public void An_unrelated_recording_changes_nothing_for_a_serving_file()
    {
        var prompts = Prompts();
        File.WriteAllBytes(Path.Combine(prompts, "welcome.wav"), new byte[44]);
        Write("a.yaml", Greeting("a"));
        using var folder = Open(prompts);
        var version = folder.Version;
        var lines = _log.Count;

        File.WriteAllBytes(Path.Combine(prompts, "other.wav"), new byte[44]);
        for (var i = 0; i < 10; i++)
        {
            folder.Scan();
        }

        Thread.Sleep(DialplanFolder.Debounce * 3);
        Assert.Multiple(() =>
        {
            Assert.That(folder.Version, Is.EqualTo(version), Logged());
            Assert.That(_log.Count, Is.EqualTo(lines), Logged());
        });
    }

    private DialplanFolder Open(string? prompts = null) => new(_dir, new DialplanOptions(prompts), TimeProvider.System, _log.Enqueue);

    private string Prompts()
    {
        var prompts = Path.Combine(_dir, "prompts");
        Directory.CreateDirectory(prompts);
        return prompts;
    }

    private static string Greeting(string name) => $"""
        dialplan: {name}
        flows:
          main:
            - play: welcome
            - hangup
        """;

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(_dir, name), text);

    private void Copy(string backup) => File.Copy(Path.Combine(_dir, backup), Path.Combine(_dir, "a.yaml"), overwrite: true);

    private int Count(string text) => _log.Count(l => l.Contains(text, StringComparison.Ordinal));

    private string Logged() => Environment.NewLine + "log:" + Environment.NewLine + string.Join(Environment.NewLine, _log);

    /// <summary>A dialplan without routes: it takes every call.</summary>
    private static string Default(string name) => $"""
        dialplan: {name}
        flows:
          main:
            - hangup
        """;

    private static string Plan(string name, string did) => $"""
        dialplan: {name}
        routes:
          - did: '{did}'
            flow: main
        flows:
          main:
            - hangup
        """;
}
