using System.Globalization;
using Telephony.Dialplan.Diagnostics;
using Telephony.Dialplan.Expressions;
using YamlDotNet.RepresentationModel;

namespace Telephony.Dialplan.Parsing;

/// <summary>
/// The fields of one YAML mapping, checked against the names its owner allows. Unknown names are
/// reported with a did-you-mean; typed getters report wrong types at the value and return the
/// fallback, so reading always goes on and every mistake in a file is found in one pass.
/// </summary>
internal sealed class Fields
{
    private readonly Dictionary<string, (YamlScalarNode Key, YamlNode Value)> _fields = new(StringComparer.Ordinal);

    /// <summary>Allowed names that an unknown field was reported as a likely misspelling of.</summary>
    private readonly HashSet<string> _misspelt = new(StringComparer.Ordinal);

    private Fields(ParseContext context, YamlMappingNode map, string owner)
    {
        Context = context;
        Map = map;
        Owner = owner;
    }

    public ParseContext Context { get; }

    public YamlMappingNode Map { get; }

    /// <summary>How errors name the owner, e.g. "'menu'" or "a route".</summary>
    public string Owner { get; }

    /// <param name="elsewhere">For an unknown name with no close match: where that name does belong, if anywhere.</param>
    public static Fields Read(ParseContext context, YamlMappingNode map, string owner, IReadOnlyCollection<string> allowed, Func<string, string?>? elsewhere = null)
    {
        var fields = new Fields(context, map, owner);
        foreach (var (keyNode, value) in map.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key } scalar)
            {
                context.Error(keyNode, "a field name must be plain text");
                continue;
            }

            if (!allowed.Contains(key))
            {
                if (Hints.Closest(key, allowed) is { } meant)
                {
                    context.Error(keyNode, $"unknown field '{key}' in {owner} (did you mean '{meant}'?)");
                    fields._misspelt.Add(meant);
                }
                else if (elsewhere?.Invoke(key) is { } where)
                {
                    context.Error(keyNode, $"'{key}' is not a field of {owner}; {where}");
                }
                else
                {
                    context.Error(keyNode, $"unknown field '{key}' in {owner}{Hints.Suggest(key, allowed)}");
                }

                continue;
            }

            fields._fields[key] = (scalar, value);
        }

        return fields;
    }

    public bool Has(string key) => _fields.ContainsKey(key);

    /// <summary>
    /// Reports that a required field is missing, unless a misspelling of it was already
    /// reported (one mistake, one message).
    /// </summary>
    public void Missing(string key, SourceLocation at, string message)
    {
        if (!_fields.ContainsKey(key) && !_misspelt.Contains(key))
        {
            Context.Error(at, message);
        }
    }

    public YamlNode? Node(string key) => _fields.TryGetValue(key, out var f) ? f.Value : null;

    public YamlScalarNode? KeyNode(string key) => _fields.TryGetValue(key, out var f) ? f.Key : null;

    /// <summary>Where to report a problem with <paramref name="key"/>: its value, else the owner.</summary>
    public SourceLocation At(string key) => _fields.TryGetValue(key, out var f) ? ParseContext.At(f.Value) : ParseContext.At(Map);

    /// <summary>A scalar field, or null (reported when present but not a scalar). An empty value counts as absent.</summary>
    public YamlScalarNode? Scalar(string key, string expected = "a single value")
    {
        if (Node(key) is not { } node)
        {
            return null;
        }

        if (node is YamlScalarNode scalar)
        {
            return IsNull(scalar) ? null : scalar;
        }

        Context.Error(node, $"'{key}' must be {expected}, not a {Describe(node)}");
        return null;
    }

    public string? Text(string key, string expected = "text") => Scalar(key, expected)?.Value;

    /// <summary>The required scalar; when missing, reports "{owner} needs '{key}:' {why}" at <paramref name="missingAt"/>.</summary>
    public YamlScalarNode? Required(string key, SourceLocation missingAt, string why)
    {
        if (Scalar(key) is { } scalar)
        {
            return scalar;
        }

        if (Node(key) is YamlScalarNode)
        {
            Context.Error(missingAt, $"{Owner} needs '{key}:' {why}");
        }
        else
        {
            Missing(key, missingAt, $"{Owner} needs '{key}:' {why}");
        }

        return null;
    }

    public Template? Template(string key) => Scalar(key) is { } s ? Context.ReadTemplate(s) : null;

    public TimeSpan Duration(string key, TimeSpan fallback, TimeSpan min, TimeSpan max)
    {
        if (Scalar(key, "a duration") is not { } node)
        {
            return fallback;
        }

        if (Durations.TryParse(node.Value!, out var value) && value >= min && value <= max)
        {
            return value;
        }

        Context.Error(node, $"'{key}' must be a duration from {Durations.Format(min)} to {Durations.Format(max)}, like 5s, 500ms or 2m (got '{node.Value}')");
        return fallback;
    }

    public int Int(string key, int fallback, int min, int max)
    {
        if (Scalar(key, "a whole number") is not { } node)
        {
            return fallback;
        }

        if (int.TryParse(node.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        Context.Error(node, $"'{key}' must be a whole number from {min} to {max} (got '{node.Value}')");
        return fallback;
    }

    public bool Bool(string key, bool fallback)
    {
        if (Scalar(key, "true or false") is not { } node)
        {
            return fallback;
        }

        switch (node.Value)
        {
            case "true" or "yes" or "on":
                return true;
            case "false" or "no" or "off":
                return false;
            default:
                Context.Error(node, $"'{key}' must be true or false (got '{node.Value}')");
                return fallback;
        }
    }

    /// <summary>One of <paramref name="names"/>; reports the choices (with a did-you-mean) otherwise.</summary>
    public T Choice<T>(string key, T fallback, IReadOnlyDictionary<string, T> names)
    {
        if (Scalar(key) is not { } node)
        {
            return fallback;
        }

        if (names.TryGetValue(node.Value!, out var value))
        {
            return value;
        }

        Context.Error(node, $"'{key}' must be one of {string.Join(", ", names.Keys)} (got '{node.Value}'){Hint(node.Value!, names.Keys)}");
        return fallback;
    }

    /// <summary>A list of text values; a single value counts as a one-item list.</summary>
    public IReadOnlyList<string> TextList(string key)
    {
        switch (Node(key))
        {
            case null:
                return [];
            case YamlScalarNode scalar:
                return IsNull(scalar) ? [] : [scalar.Value!];
            case YamlSequenceNode list:
                var items = new List<string>();
                foreach (var item in list.Children)
                {
                    if (item is YamlScalarNode { Value: { } text } && !IsNull((YamlScalarNode)item))
                    {
                        items.Add(text);
                    }
                    else
                    {
                        Context.Error(item, $"items of '{key}' must be text");
                    }
                }

                return items;
            case var other:
                Context.Error(other, $"'{key}' must be a list of text, not a {Describe(other)}");
                return [];
        }
    }

    public static bool IsNull(YamlScalarNode node) =>
        node.Style == YamlDotNet.Core.ScalarStyle.Plain && node.Value is null or "" or "~" or "null";

    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "mapping (fields)",
        YamlSequenceNode => "list",
        _ => "single value",
    };

    private static string Hint(string word, IEnumerable<string> candidates) =>
        Hints.Closest(word, candidates) is { } close ? $"; did you mean '{close}'?" : string.Empty;
}
