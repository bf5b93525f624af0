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
    /// <summary>Deeper nesting than any real dialplan needs; the node loader recurses per level and would overflow the stack on hostile input.</summary>
    public const int MaxDepth = 100;

    public static YamlStream? Load(string text, out SourceLocation errorAt, out string error)
    {
        errorAt = SourceLocation.Start;
        error = string.Empty;
        var stream = new YamlStream();
        try
        {
            if (TooDeep(text) is { } deep)
            {
                errorAt = deep;
                error = $"nested more than {MaxDepth} levels deep; use named steps (goto) or subflows instead of nesting";
                return null;
            }

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

    /// <summary>Where nesting first exceeds <see cref="MaxDepth"/>, read with the event parser (which keeps its own stack, not the call stack).</summary>
    private static SourceLocation? TooDeep(string text)
    {
        var parser = new Parser(new StringReader(text));
        var depth = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case YamlDotNet.Core.Events.MappingStart or YamlDotNet.Core.Events.SequenceStart:
                    if (++depth > MaxDepth)
                    {
                        return ParseContext.At(parser.Current.Start);
                    }

                    break;
                case YamlDotNet.Core.Events.MappingEnd or YamlDotNet.Core.Events.SequenceEnd:
                    depth--;
                    break;
            }
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
