using System.Text.RegularExpressions;

namespace Telephony.Dialplan.Model;

/// <summary>Exact text, or a regular expression when written starting with '^'.</summary>
public sealed record NumberPattern(string Text, Regex? Regex)
{
    public bool IsMatch(string value) => Regex?.IsMatch(value) ?? string.Equals(Text, value, StringComparison.Ordinal);
}
