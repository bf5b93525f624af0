using YamlDotNet.Core;

namespace Telephony.Dialplan.Parsing;

/// <summary>YAML syntax errors in words an admin can act on.</summary>
internal static class YamlErrors
{
    public static string Describe(YamlException e)
    {
        var message = e.Message;
        if (message.StartsWith("Duplicate key", StringComparison.Ordinal))
        {
            return $"{message[(message.LastIndexOf(' ') + 1)..].Trim('\'', '"')} appears twice in the same mapping; each name may be written once";
        }

        if (e is AnchorNotFoundException)
        {
            return "'*' starts an alias in YAML; quote text that begins with '*' (key: '*')";
        }

        return message.TrimEnd('.') switch
        {
            var m when m.Contains("did not find expected key", StringComparison.Ordinal) => m + " (is the indentation of this line consistent with the lines above?)",
            var m when m.Contains("mapping values are not allowed", StringComparison.Ordinal) => m + " (quote text that contains ': ')",
            var m when m.Contains("multiline plain scalar", StringComparison.Ordinal) && m.Contains("invalid mapping", StringComparison.Ordinal)
                => "a field follows a line that has no colon; a step with fields needs one after its keyword ('- answer:' rather than '- answer'), or quote the text above",
            var m when m.Contains("found character that cannot start any token", StringComparison.Ordinal) => m + " (tabs cannot indent YAML; use spaces)",
            var m => m,
        };
    }
}
