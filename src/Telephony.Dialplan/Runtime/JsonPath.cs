using System.Globalization;
using System.Text.Json;

namespace Telephony.Dialplan.Runtime;

/// <summary>Response paths of <c>map:</c>: dotted names with <c>[n]</c> for array items (<c>outages[0].restore_eta</c>).</summary>
public static class JsonPath
{
    public static JsonElement? Find(JsonElement root, string path)
    {
        var current = root;
        foreach (var segment in path.Split('.'))
        {
            var name = segment;
            var bracket = name.IndexOf('[', StringComparison.Ordinal);
            var indexes = bracket >= 0 ? name[bracket..] : string.Empty;
            name = bracket >= 0 ? name[..bracket] : name;
            if (name.Length > 0)
            {
                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
                {
                    return null;
                }
            }

            foreach (var index in indexes.Split('[', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!int.TryParse(index.TrimEnd(']'), NumberStyles.None, CultureInfo.InvariantCulture, out var i)
                    || current.ValueKind != JsonValueKind.Array || i >= current.GetArrayLength())
                {
                    return null;
                }

                current = current[i];
            }
        }

        return current;
    }

    /// <summary>A JSON value as a variable: strings, numbers (decimal), booleans, null; objects and arrays as their JSON text.</summary>
    public static object? ToValue(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetDecimal(out var d) ? d : element.GetRawText(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => element.GetRawText(),
    };
}
