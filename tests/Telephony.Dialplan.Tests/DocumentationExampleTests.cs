using System.Text.RegularExpressions;

namespace Telephony.Dialplan.Tests;

/// <summary>The complete examples in docs/dialplan.md and the README are valid dialplans, so the docs cannot drift from the language.</summary>
public partial class DocumentationExampleTests
{
    [TestCase("docs/dialplan.md", "## A complete example")]
    [TestCase("README.md", "## Dialplans")]
    public void Complete_example_validates(string document, string section)
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, document));
        var start = text.IndexOf(section, StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), $"section '{section}' missing from {document}");
        var example = YamlBlock().Match(text, start).Groups[1].Value;

        var result = DialplanLoader.Parse(document, example, new DialplanOptions(null));

        Assert.That(result.Diagnostics.Select(d => d.ToString()), Is.Empty);
    }

    [GeneratedRegex("```yaml\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();
}
