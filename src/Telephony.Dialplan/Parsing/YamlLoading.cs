using Telephony.Dialplan.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Telephony.Dialplan.Parsing;

/// <summary>
/// Loads YAML text into nodes, turning every way the YAML library can fail into one located
/// message (it places some errors at 1:1, and a few malformed inputs make it throw
/// non-YAML exceptions).
/// </summary>
internal static class YamlLoading
{
    public static YamlStream? Load(string text, out SourceLocation errorAt, out string error)
    {
        errorAt = SourceLocation.Start;
        error = string.Empty;
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
            return stream;
        }
        catch (YamlException e)
        {
            errorAt = ParseContext.At(e.Start);
            error = "invalid YAML: " + YamlErrors.Describe(e);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            errorAt = LastGoodMark(text);
            error = "invalid YAML: the structure breaks after this point (is a '[', '{' or quote left unclosed?)";
        }

        if (FirstIndentingTab(text) is { } tab)
        {
            errorAt = tab;
            error = "invalid YAML: a tab indents this line; YAML indentation must use spaces";
        }

        return null;
    }

    /// <summary>Where the last event the parser could read ends: the spot just before the damage.</summary>
    private static SourceLocation LastGoodMark(string text)
    {
        var parser = new Parser(new StringReader(text));
        var last = SourceLocation.Start;
        try
        {
            while (parser.MoveNext())
            {
                last = ParseContext.At(parser.Current!.End);
            }
        }
#pragma warning disable CA1031 // Only the position matters here; the failure itself was already caught once.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        return last;
    }

    private static SourceLocation? FirstIndentingTab(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var indent = line.Length - line.TrimStart(' ', '\t').Length;
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab >= 0 && tab < indent && line.Trim().Length > 0 && !line.TrimStart().StartsWith('#'))
            {
                return new SourceLocation(i + 1, tab + 1);
            }
        }

        return null;
    }
}
