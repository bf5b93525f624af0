using System.Globalization;

namespace Telephony.Dialplan.Runtime;

/// <summary>
/// The value rules of docs/dialplan.md, in one place: values are text, numbers (decimal),
/// booleans or null; text is what a value reads as when inserted into a template or compared
/// with text.
/// </summary>
public static class Values
{
    /// <summary>The value as text: null is '', numbers without trailing zeros, booleans as true/false.</summary>
    public static string ToText(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        bool b => b ? "true" : "false",
        decimal d => Normalize(d).ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>How a condition reads a value: false for false, null, '' and 0; true otherwise.</summary>
    public static bool IsTrue(object? value) => value switch
    {
        null => false,
        bool b => b,
        string s => s.Length > 0,
        decimal d => d != 0,
        _ => true,
    };

    /// <summary>The number a text holds (number('42')), null when it holds none.</summary>
    public static decimal? ParseNumber(object? value) => value switch
    {
        decimal d => d,
        string s when decimal.TryParse(s.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    /// <summary>Removes trailing zeros so 2.50 reads as 2.5 and 3.0 as 3.</summary>
    public static decimal Normalize(decimal d) => d / 1.0000000000000000000000000000m;
}
