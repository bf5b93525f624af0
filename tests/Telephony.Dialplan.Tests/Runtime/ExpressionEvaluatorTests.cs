using Telephony.Dialplan.Expressions;
using Telephony.Dialplan.Runtime;

namespace Telephony.Dialplan.Tests.Runtime;

/// <summary>Expressions behave as docs/dialplan.md says.</summary>
public class ExpressionEvaluatorTests
{
    private sealed class Scope : IEvaluationScope
    {
        public Dictionary<string, object?> Vars { get; } = new()
        {
            ["n"] = 5m,
            ["digits"] = "10",
            ["name"] = "Ann",
            ["nothing"] = null,
            ["empty_text"] = string.Empty,
        };

        public object? Read(string name) => Vars.GetValueOrDefault(name, string.Empty);

        public string Header(string name) => name == "X-Tier" ? "gold" : string.Empty;

        public bool IsOpen(string window) => window == "business";
    }

    [TestCase("n > 3", true)]
    [TestCase("n == 5", true)]
    [TestCase("n == 5.0", true, Description = "numbers compare as numbers")]
    [TestCase("digits > '9'", false, Description = "text compares as text: '10' < '9'")]
    [TestCase("digits == 10", true, Description = "text and number compare as text")]
    [TestCase("number(digits) > 9", true)]
    [TestCase("name == 'Ann' and not empty(name)", true)]
    [TestCase("empty(nothing) and empty(empty_text) and empty(unset)", true)]
    [TestCase("n > 3 or 1 / 0 > 1", true, Description = "or short-circuits")]
    [TestCase("matches(name, '^A')", true)]
    [TestCase("matches(name, '[')", false, Description = "an invalid regex built at run time does not match")]
    [TestCase("header('X-Tier') == 'gold' and header('X-None') == ''", true)]
    [TestCase("open('business') and not open('weekend')", true)]
    [TestCase("contains(name, 'n') and starts_with(name, 'A') and ends_with(name, 'n')", true)]
    [TestCase("len(name) == 3 and upper(name) == 'ANN' and lower(name) == 'ann'", true)]
    [TestCase("trim('  x ') == 'x'", true)]
    public void Conditions(string expression, bool expected) => Assert.That(ExpressionEvaluator.IsTrue(Parse(expression), new Scope()), Is.EqualTo(expected));

    [TestCase("n + 1", "6")]
    [TestCase("digits + 1", "101", Description = "+ joins when either side is text")]
    [TestCase("name + ' ' + n", "Ann 5")]
    [TestCase("n * 2 - 1", "9")]
    [TestCase("n / 2", "2.5")]
    [TestCase("n / 0", "", Description = "division by zero gives null, read as ''")]
    [TestCase("'x' - 1", "")]
    [TestCase("-n", "-5")]
    [TestCase("round(2.345, 2)", "2.35")]
    [TestCase("round(2.5)", "3")]
    [TestCase("text(n) + 1", "51")]
    [TestCase("number('abc')", "")]
    [TestCase("true", "true")]
    public void Values_as_text(string expression, string expected) =>
        Assert.That(Values.ToText(ExpressionEvaluator.Evaluate(Parse(expression), new Scope())), Is.EqualTo(expected));

    [Test]
    public void A_lone_insertion_keeps_its_type_and_text_around_it_makes_text()
    {
        var scope = new Scope();

        Assert.Multiple(() =>
        {
            Assert.That(ExpressionEvaluator.Render(Template("${n + 1}"), scope), Is.EqualTo(6m));
            Assert.That(ExpressionEvaluator.Render(Template("tries: ${n + 1}"), scope), Is.EqualTo("tries: 6"));
            Assert.That(ExpressionEvaluator.Render(Template("$${literal}"), scope), Is.EqualTo("${literal}"));
        });
    }

    private static Expr Parse(string text)
    {
        var (expr, error) = ExpressionParser.Parse(text);
        Assert.That(error, Is.Null, text);
        return expr!;
    }

    private static Template Template(string text)
    {
        var (template, error) = TemplateParser.Parse(text);
        Assert.That(error, Is.Null, text);
        return template!;
    }
}
