using System.Collections.Concurrent;
using Telephony.Dialplan.Serving;

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

    private DialplanFolder Open() => new(_dir, new DialplanOptions(null), TimeProvider.System, _log.Enqueue);

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(_dir, name), text);

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
