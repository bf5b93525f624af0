using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Telephony.Queues.Config;

/// <summary>
/// One YAML mapping read against the fields it may have: an unknown field is an error with the
/// nearest known name as a hint, and every typed read reports a bad value at the value's own
/// line and column. Errors go to the sink; reads of a bad value return null, so a reader collects
/// every mistake of a file in one pass.
/// </summary>
internal sealed class YamlFields
{
    private readonly Dictionary<string, (YamlScalarNode Key, YamlNode Value)> _values = new(StringComparer.Ordinal);
    private readonly Action<Mark, string> _error;

    public YamlFields(YamlMappingNode map, IReadOnlyList<string> allowed, string what, Action<Mark, string> error)
    {
        Map = map;
        _error = error;
        foreach (var (keyNode, valueNode) in map.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key } scalarKey)
            {
                error(keyNode.Start, $"a {what}'s field names are plain words");
                continue;
            }

            if (!allowed.Contains(key))
            {
                var hint = allowed.OrderBy(f => EditDistance(f, key)).First();
                error(keyNode.Start, $"unknown {what} field '{key}' (did you mean '{hint}'? fields: {string.Join(", ", allowed)})");
                continue;
            }

            _values[key] = (scalarKey, valueNode);
        }
    }

    public YamlMappingNode Map { get; }

    public bool Has(string key) => _values.ContainsKey(key);

    /// <summary>Where <paramref name="key"/>'s value is, or the mapping's start when absent.</summary>
    public Mark At(string key) => _values.TryGetValue(key, out var v) ? v.Value.Start : Map.Start;

    public YamlNode? Node(string key) => _values.TryGetValue(key, out var v) ? v.Value : null;

    public void Error(Mark at, string message) => _error(at, message);

    public string? Text(string key)
    {
        if (!_values.TryGetValue(key, out var v))
        {
            return null;
        }

        if (v.Value is YamlScalarNode { Value: { } text })
        {
            return text;
        }

        _error(v.Value.Start, $"'{key}' must be a single value");
        return null;
    }

    public int? Integer(string key, int min, int max)
    {
        if (Text(key) is not { } text)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        _error(At(key), $"'{key}' must be a whole number from {min} to {max} (got '{text}')");
        return null;
    }

    public TimeSpan? Duration(string key)
    {
        if (Text(key) is not { } text)
        {
            return null;
        }

        if (ConfigDuration.TryParse(text, out var value))
        {
            return value;
        }

        _error(At(key), $"'{key}' must be a duration like 500ms, 15s, 2m, 1h or 30d (got '{text}')");
        return null;
    }

    private static int EditDistance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var previous = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var saved = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), previous + (a[i - 1] == b[j - 1] ? 0 : 1));
                previous = saved;
            }
        }

        return row[b.Length];
    }
}
