using System.Globalization;
using System.Text;

namespace Telephony.Dialplan.Expressions;

/// <summary>Splits an expression into tokens; throws <see cref="ExpressionException"/> at the first bad character.</summary>
internal static class Lexer
{
    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            var start = i;
            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                i = ReadNumber(text, i, tokens);
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Identifier, start, i - start, text[start..i], null));
            }
            else if (c is '\'' or '"')
            {
                i = ReadString(text, i, tokens);
            }
            else
            {
                var (kind, length) = Operator(text, i);
                tokens.Add(new Token(kind, start, length, text.Substring(start, length), null));
                i += length;
            }
        }

        tokens.Add(new Token(TokenKind.End, text.Length, 0, string.Empty, null));
        return tokens;
    }

    private static int ReadNumber(string text, int i, List<Token> tokens)
    {
        var start = i;
        while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
        {
            i++;
        }

        if (i < text.Length && (char.IsAsciiLetter(text[i]) || text[i] == '_'))
        {
            throw new ExpressionException(start, $"'{text[start..(i + 1)]}' is neither a number nor a name; names start with a letter, and text needs quotes");
        }

        var literal = text[start..i];
        if (!decimal.TryParse(literal, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            throw new ExpressionException(start, $"'{literal}' is not a number");
        }

        tokens.Add(new Token(TokenKind.Number, start, i - start, literal, value));
        return i;
    }

    private static int ReadString(string text, int i, List<Token> tokens)
    {
        var start = i;
        var quote = text[i++];
        var value = new StringBuilder();
        while (i < text.Length && text[i] != quote)
        {
            // \' and \\ write a quote and a backslash; any other backslash stays, so regexes
            // keep their escapes (matches(caller, '^\+44')).
            if (text[i] == '\\' && i + 1 < text.Length && (text[i + 1] == quote || text[i + 1] == '\\'))
            {
                value.Append(text[i + 1]);
                i += 2;
                continue;
            }

            value.Append(text[i++]);
        }

        if (i >= text.Length)
        {
            throw new ExpressionException(start, $"text starting here is never closed: add the closing {quote}");
        }

        i++;
        tokens.Add(new Token(TokenKind.String, start, i - start, text[start..i], value.ToString()));
        return i;
    }

    private static (TokenKind Kind, int Length) Operator(string text, int i)
    {
        var c = text[i];
        var next = i + 1 < text.Length ? text[i + 1] : '\0';
        return (c, next) switch
        {
            ('(', _) => (TokenKind.LeftParen, 1),
            (')', _) => (TokenKind.RightParen, 1),
            (',', _) => (TokenKind.Comma, 1),
            ('=', '=') => (TokenKind.Equal, 2),
            ('!', '=') => (TokenKind.NotEqual, 2),
            ('<', '=') => (TokenKind.LessOrEqual, 2),
            ('>', '=') => (TokenKind.GreaterOrEqual, 2),
            ('<', '>') => (TokenKind.NotEqual, 2),
            ('<', _) => (TokenKind.Less, 1),
            ('>', _) => (TokenKind.Greater, 1),
            ('+', _) => (TokenKind.Plus, 1),
            ('-', _) => (TokenKind.Minus, 1),
            ('*', _) => (TokenKind.Star, 1),
            ('/', _) => (TokenKind.Slash, 1),
            ('=', _) => throw new ExpressionException(i, "'=' does not compare; use '==' (variables are assigned with the 'set' step)"),
            ('&', '&') => throw new ExpressionException(i, "use 'and' instead of '&&'"),
            ('|', '|') => throw new ExpressionException(i, "use 'or' instead of '||'"),
            ('!', _) => throw new ExpressionException(i, "use 'not' instead of '!'"),
            _ => throw new ExpressionException(i, $"unexpected character '{c}'"),
        };
    }
}
