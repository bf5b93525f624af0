using System.Text;

namespace Telephony.Dialplan.Expressions;

/// <summary>Splits text into fixed parts and <c>${...}</c> expressions, each parsed by <see cref="ExpressionParser"/>.</summary>
public static class TemplateParser
{
    public static (Template? Template, ExpressionError? Error) Parse(string text)
    {
        var parts = new List<TemplatePart>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '$' && i + 2 < text.Length && text[i + 1] == '$' && text[i + 2] == '{')
            {
                literal.Append("${");
                i += 3;
                continue;
            }

            if (text[i] != '$' || i + 1 >= text.Length || text[i + 1] != '{')
            {
                literal.Append(text[i++]);
                continue;
            }

            var close = FindClose(text, i + 2);
            if (close < 0)
            {
                return (null, new ExpressionError(i, "'${' is never closed: add '}' after the expression (write '$${' for a literal '${')"));
            }

            var (expr, error) = ExpressionParser.Parse(text[(i + 2)..close]);
            if (error is not null)
            {
                return (null, error with { Offset = error.Offset + i + 2 });
            }

            if (literal.Length > 0)
            {
                parts.Add(new TextPart(literal.ToString()));
                literal.Clear();
            }

            parts.Add(new ExprPart(expr!, i + 2));
            i = close + 1;
        }

        if (literal.Length > 0)
        {
            parts.Add(new TextPart(literal.ToString()));
        }

        return (new Template(text, parts), null);
    }

    /// <summary>The index of the '}' closing an insertion, skipping quoted text; -1 when missing.</summary>
    private static int FindClose(string text, int from)
    {
        char? quote = null;
        for (var i = from; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is { } q)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == q)
                {
                    quote = null;
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '}')
            {
                return i;
            }
        }

        return -1;
    }
}
