using System.Text;
using System.Text.RegularExpressions;
using Telephony.Dialplan.Expressions;

namespace Telephony.Dialplan.Runtime;

/// <summary>
/// Evaluates validated expressions and templates as docs/dialplan.md specifies. Never throws
/// for a value a caller or a webhook can produce: a division by zero or arithmetic on text that
/// is no number gives null, and a regex that runs too long does not match.
/// </summary>
public static class ExpressionEvaluator
{
    /// <summary>A condition's truth (if, route when).</summary>
    public static bool IsTrue(Expr expr, IEvaluationScope scope) => Values.IsTrue(Evaluate(expr, scope));

    /// <summary>A template's value: a lone <c>${...}</c> keeps its type, anything else is text.</summary>
    public static object? Render(Template template, IEvaluationScope scope)
    {
        if (template.Parts is [ExprPart only])
        {
            return Evaluate(only.Expr, scope);
        }

        var text = new StringBuilder();
        foreach (var part in template.Parts)
        {
            text.Append(part switch
            {
                TextPart t => t.Text,
                ExprPart e => Values.ToText(Evaluate(e.Expr, scope)),
                _ => string.Empty,
            });
        }

        return text.ToString();
    }

    public static string RenderText(Template template, IEvaluationScope scope) => Values.ToText(Render(template, scope));

    public static object? Evaluate(Expr expr, IEvaluationScope scope) => expr switch
    {
        LiteralExpr l => l.Value,
        VariableExpr v => scope.Read(v.Name),
        UnaryExpr { Operator: UnaryOperator.Not } u => !Values.IsTrue(Evaluate(u.Operand, scope)),
        UnaryExpr u => Values.ParseNumber(Evaluate(u.Operand, scope)) is { } n ? -n : null,

        // and/or short-circuit, so a guard such as not empty(x) and number(x) > 3 is safe.
        BinaryExpr { Operator: BinaryOperator.And } b => Values.IsTrue(Evaluate(b.Left, scope)) && Values.IsTrue(Evaluate(b.Right, scope)),
        BinaryExpr { Operator: BinaryOperator.Or } b => Values.IsTrue(Evaluate(b.Left, scope)) || Values.IsTrue(Evaluate(b.Right, scope)),
        BinaryExpr b => Binary(b.Operator, Evaluate(b.Left, scope), Evaluate(b.Right, scope)),
        CallExpr c => Call(c, scope),
        _ => null,
    };

    private static object? Binary(BinaryOperator op, object? left, object? right)
    {
        switch (op)
        {
            case BinaryOperator.Equal:
            case BinaryOperator.NotEqual:
            case BinaryOperator.Less:
            case BinaryOperator.LessOrEqual:
            case BinaryOperator.Greater:
            case BinaryOperator.GreaterOrEqual:
                var order = Compare(left, right);
                return op switch
                {
                    BinaryOperator.Equal => order == 0,
                    BinaryOperator.NotEqual => order != 0,
                    BinaryOperator.Less => order < 0,
                    BinaryOperator.LessOrEqual => order <= 0,
                    BinaryOperator.Greater => order > 0,
                    _ => order >= 0,
                };
            case BinaryOperator.Add when left is decimal a && right is decimal b:
                return a + b;
            case BinaryOperator.Add:
                // '+' joins text when either side is text (or neither side is a number).
                return Values.ToText(left) + Values.ToText(right);
        }

        if (Values.ParseNumber(left) is not { } x || Values.ParseNumber(right) is not { } y)
        {
            return null;
        }

        try
        {
            return op switch
            {
                BinaryOperator.Subtract => x - y,
                BinaryOperator.Multiply => x * y,
                BinaryOperator.Divide when y != 0 => x / y,
                _ => null,
            };
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>Numbers compare as numbers when both sides are numbers; anything else compares as text (ordinal).</summary>
    private static int Compare(object? left, object? right) =>
        left is decimal a && right is decimal b
            ? a.CompareTo(b)
            : Math.Sign(string.CompareOrdinal(Values.ToText(left), Values.ToText(right)));

    private static object? Call(CallExpr call, IEvaluationScope scope)
    {
        var args = call.Arguments.Select(a => Evaluate(a, scope)).ToArray();
        string Text(int i) => Values.ToText(args[i]);
        return call.Function switch
        {
            "len" => (decimal)Text(0).Length,
            "lower" => Text(0).ToLowerInvariant(),
            "upper" => Text(0).ToUpperInvariant(),
            "trim" => Text(0).Trim(),
            "contains" => Text(0).Contains(Text(1), StringComparison.Ordinal),
            "starts_with" => Text(0).StartsWith(Text(1), StringComparison.Ordinal),
            "ends_with" => Text(0).EndsWith(Text(1), StringComparison.Ordinal),
            "matches" => Matches(Text(0), Text(1)),
            "number" => Values.ParseNumber(args[0]),
            "text" => Text(0),
            "empty" => args[0] is null || (args[0] is string s && s.Length == 0),
            "round" => Round(args),
            "header" => scope.Header(Text(0)),
            "open" => scope.IsOpen(Text(0)),

            // Only a URL encodes its insertions (UrlTemplate); everywhere else raw() changes nothing.
            "raw" => Text(0),
            _ => null,
        };
    }

    private static decimal? Round(object?[] args)
    {
        if (Values.ParseNumber(args[0]) is not { } n)
        {
            return null;
        }

        var decimals = args.Length > 1 && Values.ParseNumber(args[1]) is { } d ? (int)Math.Clamp(d, 0, 28) : 0;
        return Math.Round(n, decimals, MidpointRounding.AwayFromZero);
    }

    private static bool Matches(string text, string pattern)
    {
        try
        {
            return Regex.IsMatch(text, pattern, RegexOptions.CultureInvariant, RegexBudget.PerMatch);
        }
        catch (Exception e) when (e is ArgumentException or RegexMatchTimeoutException)
        {
            // A regex built from a variable may be invalid, and any may run too long: no match.
            return false;
        }
    }
}
