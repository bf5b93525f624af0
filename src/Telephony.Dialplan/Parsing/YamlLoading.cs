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

    /// <summary>More values than any real dialplan has, counting what aliases repeat.</summary>
    public const int MaxNodes = 200_000;

    public static YamlStream? Load(string text, out SourceLocation errorAt, out string error)
    {
        errorAt = SourceLocation.Start;
        error = string.Empty;
        var stream = new YamlStream();
        try
        {
            if (TooBig(text) is { } tooBig)
            {
                (errorAt, error) = tooBig;
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

    /// <summary>
    /// The first place where the text is too big to read safely, with why: nesting beyond
    /// <see cref="MaxDepth"/>, or aliases that expand beyond <see cref="MaxNodes"/> nodes (the
    /// "billion laughs" trick). Read with the event parser, which keeps its own stack.
    /// </summary>
    private static (SourceLocation At, string Message)? TooBig(string text)
    {
        var parser = new Parser(new StringReader(text));
        var frames = new Stack<(string? Anchor, long Nodes)>();
        frames.Push((null, 0));
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        while (parser.MoveNext())
        {
            var current = parser.Current!;
            long added = 0;
            switch (current)
            {
                case YamlDotNet.Core.Events.MappingStart or YamlDotNet.Core.Events.SequenceStart:
                    if (frames.Count > MaxDepth)
                    {
                        return (ParseContext.At(current.Start), $"nested more than {MaxDepth} levels deep; use named steps (goto) or subflows instead of nesting");
                    }

                    var anchor = ((YamlDotNet.Core.Events.NodeEvent)current).Anchor;
                    frames.Push((anchor.IsEmpty ? null : anchor.Value, 1));
                    continue;
                case YamlDotNet.Core.Events.MappingEnd or YamlDotNet.Core.Events.SequenceEnd:
                    var done = frames.Pop();
                    if (done.Anchor is { } name)
                    {
                        sizes[name] = done.Nodes;
                    }

                    added = done.Nodes;
                    break;
                case YamlDotNet.Core.Events.Scalar scalar:
                    if (!scalar.Anchor.IsEmpty)
                    {
                        sizes[scalar.Anchor.Value] = 1;
                    }

                    added = 1;
                    break;
                case YamlDotNet.Core.Events.AnchorAlias alias:
                    added = sizes.GetValueOrDefault(alias.Value.Value, 1);
                    break;
            }

            var top = frames.Pop();
            top.Nodes = Math.Min(top.Nodes + added, long.MaxValue / 2);
            frames.Push(top);
            if (frames.Sum(f => f.Nodes) > MaxNodes)
            {
                return (ParseContext.At(current.Start), $"aliases expand this file to more than {MaxNodes} values; write the parts out or use subflows");
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
