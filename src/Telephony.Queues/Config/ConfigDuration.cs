using System.Globalization;

namespace Telephony.Queues.Config;

/// <summary>
/// Durations in the queues file: <c>500ms</c>, <c>15s</c>, <c>2m</c>, <c>1h</c>, <c>30d</c>, or a
/// bare number of seconds. Days exist here (not in dialplans) because the familiar-customer window
/// is counted in days.
/// </summary>
internal static class ConfigDuration
{
    private static readonly (string Suffix, double Seconds)[] Units =
        [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86_400)];

    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        var trimmed = text.Trim();
        var scale = 1.0;
        foreach (var (suffix, seconds) in Units)
        {
            if (trimmed.EndsWith(suffix, StringComparison.Ordinal))
            {
                trimmed = trimmed[..^suffix.Length];
                scale = seconds;
                break;
            }
        }

        // A year is far beyond any wait or window a queue needs; larger is a typo.
        if (!double.TryParse(trimmed, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
            || amount * scale > 366 * 86_400.0)
        {
            return false;
        }

        value = TimeSpan.FromSeconds(amount * scale);
        return true;
    }
}
