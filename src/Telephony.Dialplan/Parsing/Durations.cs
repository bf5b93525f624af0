using System.Globalization;

namespace Telephony.Dialplan.Parsing;

/// <summary>Durations as admins write them: 500ms, 5s, 1.5s, 2m, 1h; a bare number means seconds.</summary>
public static class Durations
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        text = text.Trim();
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : text.EndsWith('h') ? (text[..^1], 3600.0)
            : (text, 1.0);
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) || amount > 1e6)
        {
            return false;
        }

        value = TimeSpan.FromSeconds(amount * unit);
        return true;
    }

    public static string Format(TimeSpan value) => value switch
    {
        { TotalMilliseconds: < 1000 } => $"{value.TotalMilliseconds:0}ms",
        { TotalSeconds: < 60 } or { Seconds: not 0 } => string.Create(CultureInfo.InvariantCulture, $"{value.TotalSeconds:0.###}s"),
        { TotalMinutes: < 60 } or { Minutes: not 0 } => $"{value.TotalMinutes:0}m",
        _ => $"{value.TotalHours:0}h",
    };
}
