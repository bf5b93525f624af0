using Telephony.Dialplan.Model;
using Telephony.Dialplan.Validation;

namespace Telephony.Dialplan.Tests;

/// <summary>Dialplans served from one folder must not fight over calls.</summary>
public class FolderCheckerTests
{
    [Test]
    public void The_samples_can_be_served_together()
    {
        var samples = new[] { "demo.yaml", "bank.yaml", "outage.yaml", "cards.yaml" }
            .Select(n => DialplanLoader.LoadFile(TestPaths.Sample(n), new DialplanOptions(null)).Model!)
            .ToList();

        Assert.That(FolderChecker.Check(samples), Is.Empty);
    }

    [Test]
    public void A_number_routed_by_two_files_is_reported_once_in_the_later_file()
    {
        var first = Load("a.yaml", "routes:\n  - did: '+100'\n    flow: main\nflows:\n  main:\n    - answer\n");
        var second = Load("b.yaml", "routes:\n  - did: ['+100', '+200']\n    flow: main\n  - did: '+100'\n    caller: '^\\+44'\n    flow: main\nflows:\n  main:\n    - answer\n");

        var diagnostics = FolderChecker.Check([second, first]);

        Assert.That(diagnostics.Select(d => d.ToString()), Is.EqualTo(new[]
        {
            "b.yaml:2:5: error: number '+100' is also routed by a.yaml:2; a number belongs to one dialplan",
        }));
    }

    [Test]
    public void Only_one_file_may_take_every_call()
    {
        var noRoutes = Load("a.yaml", "flows:\n  main:\n    - answer\n");
        var catchAll = Load("b.yaml", "routes:\n  - did: '+1'\n    flow: main\n  - flow: main\nflows:\n  main:\n    - answer\n");
        var specific = Load("c.yaml", "routes:\n  - did: '+2'\n    flow: main\nflows:\n  main:\n    - answer\n");

        var diagnostics = FolderChecker.Check([noRoutes, catchAll, specific]);

        Assert.That(diagnostics.Select(d => d.ToString()), Is.EqualTo(new[]
        {
            "b.yaml:4:5: error: this dialplan takes every call, and so does a.yaml:2; only one file may be the default (give the others 'did:' routes)",
        }));
    }

    private static DialplanModel Load(string file, string text)
    {
        var result = DialplanLoader.Parse(file, text, new DialplanOptions(null));
        Assert.That(result.Diagnostics, Is.Empty);
        return result.Model!;
    }
}
