using Telephony.Dialplan.Diagnostics;

namespace Telephony.Dialplan.Model;

/// <summary>
/// A named time window ("business hours"): opening spans per weekday in a timezone, minus
/// holidays. Pure and immutable: the caller passes the instant, so rules are testable with a
/// fixed clock and the simulator's <c>--at</c>.
/// </summary>
public sealed class HoursWindow
{
    public required string Name { get; init; }

    public required SourceLocation At { get; init; }

    public required TimeZoneInfo TimeZone { get; init; }

    public required IReadOnlyList<OpenSpan> Open { get; init; }

    public IReadOnlyList<Holiday> Holidays { get; init; } = [];

    /// <summary>True when <paramref name="instant"/>, in the window's timezone, is inside a span and not on a holiday.</summary>
    public bool IsOpen(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, TimeZone);
        var date = DateOnly.FromDateTime(local.DateTime);
        if (Holidays.Any(h => h.Matches(date)))
        {
            return false;
        }

        var time = local.TimeOfDay;
        return Open.Any(s => s.Day == local.DayOfWeek && time >= s.From && time < s.To);
    }
}
