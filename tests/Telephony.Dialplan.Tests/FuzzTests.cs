using System.Text;

namespace Telephony.Dialplan.Tests;

/// <summary>
/// Mutated dialplans (the samples, the broken suite) thrown at the loader: it must never throw
/// and never fall back to its "internal error" safety net, whatever the damage.
/// </summary>
public class FuzzTests
{
    private static readonly string[] Fragments = [":", ": ", "- ", "  ", "\t", "'", "\"", "{", "}", "[", "]", "#", "*", "&a ", "!!", "${", "}", "\n", "|", ">", "---\n", "~", "${x", "\\", "\u00e9", "\0", "?", "%", "@", "`", "0x", "-1", "9999999999", "..", "^(", "["];

    [Test]
    public void Loader_survives_ten_thousand_mutations_and_reports_every_problem_with_a_position()
    {
        var corpus = Corpus();
        var random = new Random(2026);
        for (var i = 0; i < 10_000; i++)
        {
            var input = Mutate(corpus[random.Next(corpus.Count)], random);
            DialplanResult? result = null;

            Assert.DoesNotThrow(() => result = DialplanLoader.Parse("fuzz.yaml", input, new DialplanOptions(TestPaths.Prompts)), $"mutation {i}:\n{input}");
            Assert.That(result!.Diagnostics.Where(d => d.Message.Contains("internal error", StringComparison.Ordinal)), Is.Empty, $"mutation {i}:\n{input}");
            Assert.That(result.Diagnostics.All(d => d.At.Line >= 1 && d.At.Column >= 1), Is.True);
        }
    }

    [Test]
    public void Random_bytes_are_reported_not_thrown()
    {
        var random = new Random(5);
        for (var i = 0; i < 500; i++)
        {
            var bytes = new byte[random.Next(0, 300)];
            random.NextBytes(bytes);
            var text = Encoding.UTF8.GetString(bytes);

            var result = DialplanLoader.Parse("noise.yaml", text, new DialplanOptions(null));

            Assert.That(result.Diagnostics.Select(d => d.Message), Has.None.Contains("internal error"));
        }
    }

    [Test]
    public void Hostile_nesting_is_refused_before_it_can_overflow_the_stack()
    {
        var text = "flows:\n  main: " + new string('[', 300_000) + new string(']', 300_000) + "\n";

        var result = DialplanLoader.Parse("deep.yaml", text, new DialplanOptions(null));

        Assert.That(result.Diagnostics.Select(d => d.ToString()), Is.EqualTo(new[]
        {
            "deep.yaml:2:107: error: nested more than 100 levels deep; use named steps (goto) or subflows instead of nesting",
        }));
    }

    [Test]
    public void Aliases_that_expand_exponentially_are_refused()
    {
        var lines = new List<string> { "x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]" };
        for (var i = 1; i < 10; i++)
        {
            lines.Add($"x{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 9))}]");
        }

        var result = DialplanLoader.Parse("laughs.yaml", string.Join('\n', lines), new DialplanOptions(null));

        Assert.That(result.Diagnostics.Select(d => d.Message), Is.EqualTo(new[] { "aliases expand this file to more than 200000 values; write the parts out or use subflows" }));
    }

    private static List<string> Corpus() =>
    [
        .. new[] { "demo.yaml", "bank.yaml", "outage.yaml" }.Select(n => File.ReadAllText(TestPaths.Sample(n))),
        .. Directory.GetFiles(TestPaths.Broken, "*.yaml").Select(File.ReadAllText),
    ];

    private static string Mutate(string text, Random random)
    {
        var lines = text.Split('\n').ToList();
        var rounds = random.Next(1, 4);
        for (var r = 0; r < rounds && lines.Count > 0; r++)
        {
            var at = random.Next(lines.Count);
            var line = lines[at];
            switch (random.Next(7))
            {
                case 0:
                    lines.RemoveAt(at);
                    break;
                case 1:
                    lines.Insert(at, line);
                    break;
                case 2:
                    lines[at] = new string(' ', random.Next(0, 9)) + line.TrimStart();
                    break;
                case 3 when line.Length > 0:
                    var position = random.Next(line.Length);
                    lines[at] = line[..position] + Fragments[random.Next(Fragments.Length)] + line[(position + 1)..];
                    break;
                case 4 when line.Length > 0:
                    lines[at] = line[..random.Next(line.Length)];
                    break;
                case 5:
                    var other = random.Next(lines.Count);
                    (lines[at], lines[other]) = (lines[other], lines[at]);
                    break;
                default:
                    lines.Insert(at, Fragments[random.Next(Fragments.Length)] + line);
                    break;
            }
        }

        return string.Join('\n', lines);
    }
}
