using Telephony.Dialplan.Diagnostics;
using Telephony.Dialplan.Model;
using Telephony.Dialplan.Parsing;
using Telephony.Dialplan.Validation;
using YamlDotNet.RepresentationModel;

namespace Telephony.Dialplan;

/// <summary>
/// Reads a dialplan file (YAML) into a validated <see cref="DialplanModel"/>. Never throws for
/// anything in the file: every problem comes back as a <see cref="Diagnostic"/> with its line
/// and column, all of them in one pass.
/// </summary>
public static class DialplanLoader
{
    public static DialplanResult LoadFile(string path, DialplanOptions options)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return new DialplanResult(null, [new Diagnostic(path, SourceLocation.Start, "cannot read the file: " + e.Message)]);
        }

        return Parse(path, text, options);
    }

    /// <summary>Parses <paramref name="text"/>; <paramref name="file"/> names it in diagnostics and locates relative files (grammars).</summary>
    public static DialplanResult Parse(string file, string text, DialplanOptions options)
    {
        var context = new ParseContext(file, text);
        try
        {
            var model = Read(context, file, text, options);
            var diagnostics = context.Diagnostics.Sorted();
            return new DialplanResult(diagnostics.Count == 0 ? model : null, diagnostics);
        }
#pragma warning disable CA1031 // The validator's promise: a broken file is reported, never crashes the caller (CLI or hot reload).
        catch (Exception e)
#pragma warning restore CA1031
        {
            context.Error(SourceLocation.Start, $"internal error while checking this file ({e.GetType().Name}: {e.Message}); please report it with the file");
            return new DialplanResult(null, context.Diagnostics.Sorted());
        }
    }

    private static DialplanModel? Read(ParseContext context, string file, string text, DialplanOptions options)
    {
        var stream = YamlLoading.Load(text, out var errorAt, out var error);
        if (stream is null)
        {
            context.Error(errorAt, error);
            return null;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            context.Error(SourceLocation.Start, "the file is empty; a dialplan needs at least 'flows:'");
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            context.Error(ParseContext.At(stream.Documents[1].RootNode), "one dialplan per file: remove the second YAML document (after '---')");
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            context.Error(stream.Documents[0].RootNode, "a dialplan is a mapping with 'flows:' (and optionally routes:, hours:, variables:, ...)");
            return null;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".";
        var model = DocumentReader.Read(context, root, file, directory);
        if (model is null)
        {
            return null;
        }

        foreach (var flow in model.Flows.Values)
        {
            Linker.Link(context.Diagnostics, flow, model.Flows, context.BrokenStepNames, context.BranchesOfBrokenSteps.GetValueOrDefault(flow.Name, []), !context.FlowsWithBrokenSteps.Contains(flow.Name));
            LoopChecker.Check(context.Diagnostics, flow);
        }

        FlowChecker.Check(context.Diagnostics, model);
        ExpressionChecker.Check(context, [.. model.Hours.Keys]);
        if (options.PromptsDirectory is { } prompts)
        {
            PromptChecker.Check(context.Diagnostics, model, prompts);
        }

        return model;
    }
}
