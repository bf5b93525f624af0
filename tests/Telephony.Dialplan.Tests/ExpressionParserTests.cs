using Telephony.Dialplan.Expressions;

namespace Telephony.Dialplan.Tests;

public class ExpressionParserTests
{
    [TestCase("a or b and c", "(a or (b and c))")]
    [TestCase("not a == 1", "(not (a == 1))")]
    [TestCase("1 + 2 * 3 > x", "((1 + (2 * 3)) > x)")]
    [TestCase("-(a - b) / 2", "((-(a - b)) / 2)")]
    [TestCase("matches(caller, '^\\+44') and len(input) >= 8", "(matches(caller, '^\\+44') and (len(input) >= 8))")]
    [TestCase("x != null or y == true", "((x != null) or (y == True))")]
    [TestCase("'it\\'s' == \"q\"", "('it's' == 'q')")]
    [TestCase("a <> b", "(a != b)")]
    public void Parses_with_the_documented_precedence(string text, string expected)
    {
        var (expr, error) = ExpressionParser.Parse(text);

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Null);
            Assert.That(Show(expr!), Is.EqualTo(expected));
        });
    }

    [TestCase("", 0, "empty")]
    [TestCase("a = 1", 2, "use '=='")]
    [TestCase("a && b", 2, "use 'and'")]
    [TestCase("a || b", 2, "use 'or'")]
    [TestCase("!a", 0, "use 'not'")]
    [TestCase("a < b < c", 6, "do not chain")]
    [TestCase("(a == 1", 7, "expected ')'")]
    [TestCase("a == 1)", 6, "without its '('")]
    [TestCase("a ==", 4, "ends too early")]
    [TestCase("'open", 0, "never closed")]
    [TestCase("f(a b)", 4, "expected ',' or ')'")]
    [TestCase("a b", 2, "'b' was not expected")]
    [TestCase("3rd", 0, "neither a number nor a name")]
    [TestCase("a == 1 and", 10, "ends too early")]
    [TestCase("a ? b", 2, "unexpected character '?'")]
    [TestCase("and a", 0, "needs a value before it")]
    public void Reports_the_first_error_at_its_offset(string text, int offset, string gist)
    {
        var (expr, error) = ExpressionParser.Parse(text);

        Assert.Multiple(() =>
        {
            Assert.That(expr, Is.Null);
            Assert.That(error!.Offset, Is.EqualTo(offset), error.Message);
            Assert.That(error.Message, Does.Contain(gist));
        });
    }

    [Test]
    public void Nodes_know_where_they_are()
    {
        var (expr, _) = ExpressionParser.Parse("len(account) == 8");
        var call = (CallExpr)((BinaryExpr)expr!).Left;

        Assert.Multiple(() =>
        {
            Assert.That((call.Start, call.Length), Is.EqualTo((0, 12)));
            Assert.That((call.Arguments[0].Start, call.Arguments[0].Length), Is.EqualTo((4, 7)));
        });
    }

    [Test]
    public void Templates_split_text_and_insertions()
    {
        var (template, error) = TemplateParser.Parse("Hi ${first_name}, balance ${round(balance, 2)} $${literal} {x}");

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Null);
            Assert.That(template!.Parts.Select(p => p is TextPart t ? t.Text : "<" + Show(((ExprPart)p).Expr) + ">"),
                Is.EqualTo(new[] { "Hi ", "<first_name>", ", balance ", "<round(balance, 2)>", " ${literal} {x}" }));
            Assert.That(((ExprPart)template.Parts[1]).Offset, Is.EqualTo(5));
            Assert.That(template.Constant, Is.Null);
        });
    }

    [TestCase("plain text", "plain text")]
    [TestCase("", "")]
    [TestCase("a '}' in ${ 'x}' }", null)]
    public void A_template_without_insertions_is_constant(string text, string? constant)
    {
        var (template, _) = TemplateParser.Parse(text);

        Assert.That(template!.Constant, Is.EqualTo(constant));
    }

    [TestCase("Total ${a +}", 11, "ends too early")]
    [TestCase("x ${unclosed", 2, "never closed")]
    [TestCase("${}", 2, "empty")]
    public void Template_errors_are_placed_in_the_whole_text(string text, int offset, string gist)
    {
        var (_, error) = TemplateParser.Parse(text);

        Assert.Multiple(() =>
        {
            Assert.That(error!.Offset, Is.EqualTo(offset));
            Assert.That(error.Message, Does.Contain(gist));
        });
    }

    private static string Show(Expr expr) => expr switch
    {
        LiteralExpr { Value: string s } => $"'{s}'",
        LiteralExpr { Value: null } => "null",
        LiteralExpr l => Convert.ToString(l.Value, System.Globalization.CultureInfo.InvariantCulture)!,
        VariableExpr v => v.Name,
        UnaryExpr u => u.Operator == UnaryOperator.Not ? $"(not {Show(u.Operand)})" : $"(-{Show(u.Operand)})",
        BinaryExpr b => $"({Show(b.Left)} {Symbol(b.Operator)} {Show(b.Right)})",
        CallExpr c => $"{c.Function}({string.Join(", ", c.Arguments.Select(Show))})",
        _ => "?",
    };

    private static string Symbol(BinaryOperator op) => op switch
    {
        BinaryOperator.Or => "or",
        BinaryOperator.And => "and",
        BinaryOperator.Equal => "==",
        BinaryOperator.NotEqual => "!=",
        BinaryOperator.Less => "<",
        BinaryOperator.LessOrEqual => "<=",
        BinaryOperator.Greater => ">",
        BinaryOperator.GreaterOrEqual => ">=",
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "-",
        BinaryOperator.Multiply => "*",
        _ => "/",
    };
}
