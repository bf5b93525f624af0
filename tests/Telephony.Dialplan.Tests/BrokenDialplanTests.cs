using System.Text.RegularExpressions;
using Telephony.Dialplan.Diagnostics;

namespace Telephony.Dialplan.Tests;

/// <summary>
/// Every file under Broken/ holds one distinct mistake and ends with the errors it must get, as
/// '# expect: LINE:COL: message' comments: the validator must report exactly those, at exactly
/// those positions, with messages containing the expected text.
/// </summary>
public partial class BrokenDialplanTests
{
    public static IEnumerable<TestCaseData> Files() =>
        Directory.GetFiles(Path.Combine(TestContext.CurrentContext.TestDirectory, "Broken"), "*.yaml")
            .Order(StringComparer.Ordinal)
            .Select(f => new TestCaseData(f).SetName("Broken_" + Path.GetFileNameWithoutExtension(f).Replace('-', '_')));

    [TestCaseSource(nameof(Files))]
    public void Reports_the_mistake_at_its_line_and_column(string file)
    {
        var expected = Expectations(file);
        Assume.That(expected, Is.Not.Empty, "the file needs '# expect:' lines");

        var result = DialplanLoader.LoadFile(file, new DialplanOptions(TestPaths.Prompts));

        var actual = result.Diagnostics.Select(d => $"{d.At.Line}:{d.At.Column}: {d.Message}").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(result.Model, Is.Null, "a broken file yields no model");
            Assert.That(actual, Has.Count.EqualTo(expected.Count), "diagnostics:\n" + string.Join("\n", actual));
            foreach (var (at, gist) in expected)
            {
                Assert.That(
                    result.Diagnostics.Any(d => d.At == at && d.Message.Contains(gist, StringComparison.Ordinal)),
                    Is.True,
                    $"expected {at}: {gist}\nbut got:\n{string.Join("\n", actual)}");
            }

            Assert.That(result.Diagnostics.All(d => d.File == file), Is.True);
            Assert.That(actual, Has.None.Contains("internal error"));
        });
    }

    [Test]
    public void The_suite_has_at_least_twenty_distinct_mistakes()
    {
        var messages = Files()
            .Select(c => (string)c.Arguments[0]!)
            .Select(f => Expectations(f)[0].Gist)
            .ToList();

        Assert.That(messages.Distinct().Count(), Is.GreaterThanOrEqualTo(20));
    }

    [Test]
    public void Diagnostics_print_as_file_line_column_error_message()
    {
        var result = DialplanLoader.Parse("x.yaml", "flows:\n  main:\n    - plya: welcome\n", new DialplanOptions(null));

        Assert.That(result.Diagnostics.Select(d => d.ToString()), Is.EqualTo(new[] { "x.yaml:3:7: error: unknown step 'plya' (did you mean 'play'?)" }));
    }

    private static List<(SourceLocation At, string Gist)> Expectations(string file) =>
        File.ReadLines(file)
            .Select(line => ExpectLine().Match(line))
            .Where(m => m.Success)
            .Select(m => (new SourceLocation(int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value)), m.Groups[3].Value))
            .ToList();

    [GeneratedRegex(@"^# expect: (\d+):(\d+): (.+)$")]
    private static partial Regex ExpectLine();
}
