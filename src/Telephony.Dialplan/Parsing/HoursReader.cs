using System.Globalization;
using Telephony.Dialplan.Diagnostics;
using Telephony.Dialplan.Model;
using YamlDotNet.RepresentationModel;

namespace Telephony.Dialplan.Parsing;

/// <summary>
/// Reads <c>hours:</c> time windows: <c>open:</c> maps days (<c>mon-fri</c>, <c>sat,sun</c>,
/// <c>daily</c>) to spans (<c>08:00-12:00, 13:00-17:30</c>); <c>holidays:</c> lists dates
/// (<c>2026-12-25</c>, or <c>12-25</c> for every year).
/// </summary>
internal static class HoursReader
{
    private static readonly string[] WindowFields = ["timezone", "open", "holidays"];
    private static readonly string[] DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    /// <summary>Known zone names, read once: only needed for hints, and listing them reads the whole tz database.</summary>
    private static readonly Lazy<List<string>> ZoneIds = new(() => [.. TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id)]);

    public static Dictionary<string, HoursWindow> Read(ParseContext context, YamlNode? node, TimeZoneInfo defaultZone)
    {
        var windows = new Dictionary<string, HoursWindow>(StringComparer.Ordinal);
        if (node is null || node is YamlScalarNode s && Fields.IsNull(s))
        {
            return windows;
        }

        if (node is not YamlMappingNode map)
        {
            context.Error(node, "'hours' must map window names to their definitions, e.g. 'business: {timezone: ..., open: {mon-fri: 09:00-17:00}}'");
            return windows;
        }

        foreach (var (keyNode, value) in map.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } name } || !StepReader.IsName(name))
            {
                context.Error(keyNode, "a time window name must start with a letter and hold only letters, digits, '-' and '_'");
                continue;
            }

            if (value is not YamlMappingNode windowMap)
            {
                context.Error(value, $"time window '{name}' must have fields: timezone, open, holidays");
                continue;
            }

            var fields = Fields.Read(context, windowMap, $"time window '{name}'", WindowFields);
            var zone = fields.Scalar("timezone") is { } zoneNode ? ReadTimeZone(context, zoneNode) ?? defaultZone : defaultZone;
            fields.Missing("open", ParseContext.At(keyNode), $"time window '{name}' needs 'open:', e.g. 'open: {{mon-fri: 09:00-17:00}}'");

            windows[name] = new HoursWindow
            {
                Name = name,
                At = ParseContext.At(keyNode),
                TimeZone = zone,
                Open = ReadOpen(context, fields.Node("open")),
                Holidays = ReadHolidays(context, fields),
            };
        }

        return windows;
    }

    /// <summary>An IANA timezone (Europe/London); unknown names get the closest known one as a hint.</summary>
    public static TimeZoneInfo? ReadTimeZone(ParseContext context, YamlScalarNode node)
    {
        var id = node.Value!;
        if (id.Length > 0 && !id.Contains("..", StringComparison.Ordinal) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
        {
            return zone;
        }

        var hint = Hints.Closest(id, ZoneIds.Value) is { } close ? $"did you mean '{close}'?" : "use an IANA name like Europe/London or America/New_York";
        context.Error(node, $"unknown timezone '{id}' ({hint})");
        return null;
    }

    private static List<OpenSpan> ReadOpen(ParseContext context, YamlNode? node)
    {
        var spans = new List<OpenSpan>();
        if (node is null)
        {
            return spans;
        }

        if (node is not YamlMappingNode map)
        {
            context.Error(node, "'open' must map days to times, e.g. 'mon-fri: 08:00-18:00'");
            return spans;
        }

        foreach (var (dayNode, timesNode) in map.Children)
        {
            var days = dayNode is YamlScalarNode dayScalar ? ReadDays(context, dayScalar) : null;
            if (timesNode is not YamlScalarNode { Value: { } times } timesScalar)
            {
                context.Error(timesNode, "opening times must be written like 08:00-18:00 (several separated by commas)");
                continue;
            }

            foreach (var (from, to) in ReadSpans(context, timesScalar, times))
            {
                spans.AddRange((days ?? []).Select(d => new OpenSpan(d, from, to)));
            }
        }

        return spans;
    }

    private static List<DayOfWeek>? ReadDays(ParseContext context, YamlScalarNode node)
    {
        var text = node.Value ?? string.Empty;
        if (text is "daily" or "every day")
        {
            return [.. Enum.GetValues<DayOfWeek>()];
        }

        var days = new List<DayOfWeek>();
        var offset = 0;
        foreach (var part in text.Split(','))
        {
            var trimmed = part.Trim();
            var at = offset + part.IndexOf(trimmed, StringComparison.Ordinal);
            var ends = trimmed.Split('-');
            var first = Day(context, node, at, ends[0]);
            var last = ends.Length > 1 ? Day(context, node, at + ends[0].Length + 1, ends[1]) : first;
            if (ends.Length > 2)
            {
                context.ExpressionError(node, at, $"'{trimmed}' is not a day or a range of days like mon-fri");
                return null;
            }

            if (first is null || last is null)
            {
                return null;
            }

            // A range may wrap around the week end (fri-mon).
            for (var d = (int)first; ; d = (d + 1) % 7)
            {
                days.Add((DayOfWeek)d);
                if (d == (int)last)
                {
                    break;
                }
            }

            offset += part.Length + 1;
        }

        return days;
    }

    private static DayOfWeek? Day(ParseContext context, YamlScalarNode node, int offset, string name)
    {
        var index = Array.IndexOf(DayNames, name.Trim().ToLowerInvariant());
        if (index >= 0)
        {
            return (DayOfWeek)index;
        }

        var hint = Hints.Closest(name.Trim(), DayNames) is { } close ? $"did you mean '{close}'?" : "days are mon, tue, wed, thu, fri, sat, sun, or daily";
        context.ExpressionError(node, offset, $"unknown day '{name.Trim()}' ({hint})");
        return null;
    }

    private static List<(TimeSpan From, TimeSpan To)> ReadSpans(ParseContext context, YamlScalarNode node, string text)
    {
        var spans = new List<(TimeSpan, TimeSpan)>();
        var offset = 0;
        foreach (var part in text.Split(','))
        {
            var trimmed = part.Trim();
            var at = offset + part.IndexOf(trimmed, StringComparison.Ordinal);
            offset += part.Length + 1;
            var ends = trimmed.Split('-');
            if (ends.Length != 2)
            {
                context.ExpressionError(node, at, $"'{trimmed}' is not a span of time like 08:00-18:00");
                continue;
            }

            var from = Clock(ends[0]);
            var to = Clock(ends[1]);
            if (from is null || from.Value.TotalHours >= 24)
            {
                context.ExpressionError(node, at, $"'{ends[0]}' is not a time of day (HH:MM, 00:00 to 23:59)");
            }
            else if (to is null)
            {
                context.ExpressionError(node, at + ends[0].Length + 1, $"'{ends[1]}' is not a time of day (HH:MM, 00:00 to 24:00)");
            }
            else if (to <= from)
            {
                context.ExpressionError(node, at, $"'{trimmed}' ends before it starts; past midnight, write two spans: ...-24:00 on one day and 00:00-... on the next");
            }
            else
            {
                spans.Add((from.Value, to.Value));
            }
        }

        return spans;
    }

    private static TimeSpan? Clock(string text)
    {
        var parts = text.Trim().Split(':');
        if (parts.Length != 2 || parts[0].Length is < 1 or > 2 || parts[1].Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var h)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            || m > 59 || h > 24 || (h == 24 && m != 0))
        {
            return null;
        }

        return new TimeSpan(h, m, 0);
    }

    private static List<Holiday> ReadHolidays(ParseContext context, Fields fields)
    {
        var holidays = new List<Holiday>();
        var node = fields.Node("holidays");
        var items = node switch
        {
            null => [],
            YamlSequenceNode list => list.Children.ToList(),
            _ => [node],
        };
        foreach (var item in items)
        {
            var text = (item as YamlScalarNode)?.Value ?? string.Empty;
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                holidays.Add(new Holiday(date.Year, date.Month, date.Day));
            }
            else if (DateOnly.TryParseExact("2000-" + text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var yearly))
            {
                holidays.Add(new Holiday(null, yearly.Month, yearly.Day));
            }
            else
            {
                context.Error(item, $"'{text}' is not a date; write YYYY-MM-DD, or MM-DD for every year");
            }
        }

        return holidays;
    }
}
