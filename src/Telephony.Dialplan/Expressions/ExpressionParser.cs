namespace Telephony.Dialplan.Expressions;

/// <summary>
/// Recursive-descent parser for conditions: <c>or</c> &lt; <c>and</c> &lt; <c>not</c> &lt;
/// comparisons &lt; <c>+ -</c> &lt; <c>* /</c> &lt; unary minus &lt; literals, variables,
/// function calls and parentheses. Comparisons do not chain (<c>a &lt; b &lt; c</c> is an error,
/// not a surprise).
/// </summary>
public sealed class ExpressionParser
{
    private static readonly HashSet<string> Keywords = ["and", "or", "not", "true", "false", "null"];

    private readonly List<Token> _tokens;
    private int _next;

    private ExpressionParser(List<Token> tokens)
    {
        _tokens = tokens;
    }

    /// <summary>Parses <paramref name="text"/>; on failure returns null and the first error.</summary>
    public static (Expr? Expr, ExpressionError? Error) Parse(string text)
    {
        try
        {
            var parser = new ExpressionParser(Lexer.Tokenize(text));
            if (parser.Peek.Kind == TokenKind.End)
            {
                return (null, new ExpressionError(0, "the expression is empty"));
            }

            var expr = parser.ParseOr();
            if (parser.Peek.Kind != TokenKind.End)
            {
                var t = parser.Peek;
                var hint = t.Kind == TokenKind.RightParen ? "a ')' without its '('" : $"'{t.Text}' was not expected here; is an operator (and, or, ==, +) missing?";
                return (null, new ExpressionError(t.Start, hint));
            }

            return (expr, null);
        }
        catch (ExpressionException e)
        {
            return (null, new ExpressionError(e.Offset, e.Message));
        }
    }

    private Token Peek => _tokens[_next];

    private Token Take() => _tokens[_next++];

    private bool IsWord(string word) => Peek.Kind == TokenKind.Identifier && Peek.Text == word;

    private Expr ParseOr()
    {
        var left = ParseAnd();
        while (IsWord("or"))
        {
            Take();
            var right = ParseAnd();
            left = Binary(BinaryOperator.Or, left, right);
        }

        return left;
    }

    private Expr ParseAnd()
    {
        var left = ParseNot();
        while (IsWord("and"))
        {
            Take();
            var right = ParseNot();
            left = Binary(BinaryOperator.And, left, right);
        }

        return left;
    }

    private Expr ParseNot()
    {
        if (!IsWord("not"))
        {
            return ParseComparison();
        }

        var start = Take().Start;
        var operand = ParseNot();
        return new UnaryExpr(UnaryOperator.Not, operand, start, operand.Start + operand.Length - start);
    }

    private Expr ParseComparison()
    {
        var left = ParseAdditive();
        if (ComparisonOperator(Peek.Kind) is not { } op)
        {
            return left;
        }

        Take();
        var right = ParseAdditive();
        if (ComparisonOperator(Peek.Kind) is not null)
        {
            throw new ExpressionException(Peek.Start, "comparisons do not chain; write 'a < b and b < c'");
        }

        return Binary(op, left, right);
    }

    private Expr ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (Peek.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            var op = Take().Kind == TokenKind.Plus ? BinaryOperator.Add : BinaryOperator.Subtract;
            left = Binary(op, left, ParseMultiplicative());
        }

        return left;
    }

    private Expr ParseMultiplicative()
    {
        var left = ParseUnary();
        while (Peek.Kind is TokenKind.Star or TokenKind.Slash)
        {
            var op = Take().Kind == TokenKind.Star ? BinaryOperator.Multiply : BinaryOperator.Divide;
            left = Binary(op, left, ParseUnary());
        }

        return left;
    }

    private Expr ParseUnary()
    {
        if (Peek.Kind != TokenKind.Minus)
        {
            return ParsePrimary();
        }

        var start = Take().Start;
        var operand = ParseUnary();
        return new UnaryExpr(UnaryOperator.Negate, operand, start, operand.Start + operand.Length - start);
    }

    private Expr ParsePrimary()
    {
        var t = Take();
        switch (t.Kind)
        {
            case TokenKind.Number or TokenKind.String:
                return new LiteralExpr(t.Value, t.Start, t.Length);
            case TokenKind.LeftParen:
                var inner = ParseOr();
                if (Peek.Kind != TokenKind.RightParen)
                {
                    throw new ExpressionException(Peek.Start, $"expected ')' to close the '(' at column {t.Start + 1} of the expression");
                }

                Take();
                return inner;
            case TokenKind.Identifier:
                return Identifier(t);
            case TokenKind.End:
                throw new ExpressionException(t.Start, "the expression ends too early: a value is missing");
            default:
                throw new ExpressionException(t.Start, $"expected a value (text in quotes, a number, a variable or a function call) but found '{t.Text}'");
        }
    }

    private Expr Identifier(Token t)
    {
        switch (t.Text)
        {
            case "true" or "false":
                return new LiteralExpr(t.Text == "true", t.Start, t.Length);
            case "null":
                return new LiteralExpr(null, t.Start, t.Length);
            case var word when Keywords.Contains(word):
                throw new ExpressionException(t.Start, $"'{word}' needs a value before it");
        }

        if (Peek.Kind != TokenKind.LeftParen)
        {
            return new VariableExpr(t.Text, t.Start, t.Length);
        }

        Take();
        var args = new List<Expr>();
        if (Peek.Kind != TokenKind.RightParen)
        {
            args.Add(ParseOr());
            while (Peek.Kind == TokenKind.Comma)
            {
                Take();
                args.Add(ParseOr());
            }
        }

        if (Peek.Kind != TokenKind.RightParen)
        {
            throw new ExpressionException(Peek.Start, $"expected ',' or ')' in the arguments of {t.Text}()");
        }

        var end = Take();
        return new CallExpr(t.Text, args, t.Start, end.Start + 1 - t.Start);
    }

    private static BinaryExpr Binary(BinaryOperator op, Expr left, Expr right) =>
        new(op, left, right, left.Start, right.Start + right.Length - left.Start);

    private static BinaryOperator? ComparisonOperator(TokenKind kind) => kind switch
    {
        TokenKind.Equal => BinaryOperator.Equal,
        TokenKind.NotEqual => BinaryOperator.NotEqual,
        TokenKind.Less => BinaryOperator.Less,
        TokenKind.LessOrEqual => BinaryOperator.LessOrEqual,
        TokenKind.Greater => BinaryOperator.Greater,
        TokenKind.GreaterOrEqual => BinaryOperator.GreaterOrEqual,
        _ => null,
    };
}
