using System.Text.RegularExpressions;

namespace Telephony.Dialplan.Parsing;

/// <summary>Short, admin-readable texts for .NET's regex parse errors.</summary>
internal static class RegexErrors
{
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
}
