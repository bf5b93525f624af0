using System.Text.RegularExpressions;

namespace Telephony.Dialplan.Parsing;

/// <summary>Short, admin-readable texts for .NET's regex parse errors.</summary>
internal static class RegexErrors
{
    /// <summary>How long a route's pattern may run against a caller's number or a header.</summary>
    public static readonly TimeSpan RouteMatchBudget = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Compiles <paramref name="pattern"/>, or says what is wrong with it and at which character
    /// (see <see cref="Position"/>): the one check every place a dialplan holds a regex goes through.
    /// </summary>
    public static bool TryCompile(string pattern, out Regex? regex, out int errorAt, out string error)
    {
        try
        {
            regex = new Regex(pattern, RegexOptions.CultureInvariant, RouteMatchBudget);
            errorAt = 0;
            error = string.Empty;
            return true;
        }
        catch (RegexParseException e)
        {
            regex = null;
            errorAt = Position(pattern, e);
            error = "invalid regex: " + Describe(e);
            return false;
        }
    }

    public static string Describe(RegexParseException e) => e.Error switch
    {
        RegexParseError.InsufficientClosingParentheses => "a '(' is never closed",
        RegexParseError.InsufficientOpeningParentheses => "a ')' has no matching '('",
        RegexParseError.UnterminatedBracket => "a '[' is never closed",
        RegexParseError.QuantifierAfterNothing => "a quantifier (*, +, ?, {n}) follows nothing; escape it with '\\' to match it literally",
        RegexParseError.NestedQuantifiersNotParenthesized => "two quantifiers in a row; put the first in parentheses",
        RegexParseError.UnescapedEndingBackslash => "the pattern ends with a lone '\\'",
        RegexParseError.ReversedCharacterRange => "a range like [9-0] is reversed",
        RegexParseError.ReversedQuantifierRange => "a quantifier like {5,2} is reversed",
        _ => e.Error.ToString(),
    };

    /// <summary>
    /// Where to point: for an unclosed '(' or '[' the opening character (the regex engine
    /// reports the end of the pattern, which is where it noticed, not where the mistake is).
    /// </summary>
    public static int Position(string pattern, RegexParseException e)
    {
        var opener = e.Error switch
        {
            RegexParseError.InsufficientClosingParentheses => UnclosedOpener(pattern, '(', ')'),
            RegexParseError.UnterminatedBracket => UnclosedOpener(pattern, '[', ']'),
            _ => -1,
        };
        return opener >= 0 ? opener : Math.Clamp(e.Offset - 1, 0, Math.Max(0, pattern.Length - 1));
    }

    private static int UnclosedOpener(string pattern, char open, char close)
    {
        var openers = new Stack<int>();
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                i++;
            }
            else if (open == '(' && inClass)
            {
                inClass = c != ']';
            }
            else if (open == '(' && c == '[')
            {
                inClass = true;
            }
            else if (c == open && (open == '(' || openers.Count == 0))
            {
                openers.Push(i);
            }
            else if (c == close && openers.Count > 0)
            {
                openers.Pop();
            }
        }

        return openers.Count > 0 ? openers.Peek() : -1;
    }
}
