using Telephony.Dialplan.Diagnostics;
using Telephony.Dialplan.Expressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Telephony.Dialplan.Parsing;

/// <summary>
/// State of reading one file: where errors go, the source lines (to place columns inside
/// block scalars), the variables assigned anywhere, and the expressions to check at the end.
/// </summary>
internal sealed class ParseContext
{
    private readonly string[] _lines;

    public ParseContext(string file, string text)
    {
        Diagnostics = new DiagnosticBag(file);
        _lines = text.Split('\n');
    }

    public DiagnosticBag Diagnostics { get; }

    /// <summary>Variables some step or the <c>variables:</c> section assigns.</summary>
    public HashSet<string> AssignedVariables { get; } = new(StringComparer.Ordinal);

    public List<ExpressionSite> Expressions { get; } = [];

    /// <summary>
    /// Flows in which a step could not be read (its error is reported). Their graphs have holes,
    /// so "can never run" and "no step named" there would only repeat that error.
    /// </summary>
    public HashSet<string> FlowsWithBrokenSteps { get; } = new(StringComparer.Ordinal);

    /// <summary>Names of steps that could not be read; jumps to them are not reported again.</summary>
    public HashSet<string> BrokenStepNames { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Per flow, the branches read inside steps that could not be read: their targets and blocks
    /// are linked all the same, so every wrong target is reported in the same pass.
    /// </summary>
    public Dictionary<string, IReadOnlyList<Model.Branch>> BranchesOfBrokenSteps { get; } = new(StringComparer.Ordinal);

    /// <summary>How many steps could not be read so far.</summary>
    public int BrokenSteps { get; set; }

    /// <summary>The parameters of the flow being read (empty outside flows).</summary>
    public IReadOnlySet<string> FlowParameters { get; set; } = new HashSet<string>();

    public static SourceLocation At(Mark mark) =>
        new((int)Math.Clamp(mark.Line, 1, int.MaxValue), (int)Math.Clamp(mark.Column, 1, int.MaxValue));

    public static SourceLocation At(YamlNode node) => At(node.Start);

    public void Error(YamlNode node, string message) => Diagnostics.Error(At(node), message);

    public void Error(SourceLocation at, string message) => Diagnostics.Error(at, message);

    /// <summary>
    /// The file position of character <paramref name="offset"/> of a scalar's value: past the
    /// opening quote for quoted text, on the following lines for block (| and &gt;) text.
    /// </summary>
    public SourceLocation AtOffset(YamlScalarNode node, int offset)
    {
        var start = At(node);
        var value = node.Value ?? string.Empty;
        offset = Math.Clamp(offset, 0, value.Length);
        switch (node.Style)
        {
            case ScalarStyle.Literal or ScalarStyle.Folded:
                var before = value[..offset];
                var lineIndex = before.Count(c => c == '\n');
                var column = offset - (before.LastIndexOf('\n') + 1);
                var line = start.Line + 1 + lineIndex;
                var indent = line - 1 < _lines.Length ? _lines[line - 1].TakeWhile(c => c == ' ').Count() : 0;
                return new SourceLocation(line, indent + column + 1);
            case ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted:
                return start.Offset(1 + RawOffset(node, start, offset));
            default:
                return start.Offset(offset);
        }
    }

    /// <summary>
    /// How many source characters of a one-line quoted scalar precede value character
    /// <paramref name="offset"/>: escapes ('' in single quotes, \n or \u00e9 in double quotes)
    /// are longer in the file than in the value.
    /// </summary>
    private int RawOffset(YamlScalarNode node, SourceLocation start, int offset)
    {
        if (node.End.Line != node.Start.Line || start.Line - 1 >= _lines.Length)
        {
            return offset;
        }

        var line = _lines[start.Line - 1];
        var raw = start.Column;
        for (var decoded = 0; decoded < offset && raw < line.Length; decoded++)
        {
            raw += node.Style == ScalarStyle.SingleQuoted
                ? (line[raw] == '\'' && raw + 1 < line.Length && line[raw + 1] == '\'' ? 2 : 1)
                : line[raw] != '\\' || raw + 1 >= line.Length ? 1
                : line[raw + 1] switch { 'x' => 4, 'u' => 6, 'U' => 10, _ => 2 };
        }

        return raw - start.Column;
    }

    /// <summary>Reports an expression syntax error at its exact column.</summary>
    public void ExpressionError(YamlScalarNode node, int offset, string message) =>
        Diagnostics.Error(AtOffset(node, offset), message);

    /// <summary>Parses a condition written in <paramref name="node"/>; null (error reported) when it is invalid.</summary>
    public Expr? ReadExpression(YamlScalarNode node)
    {
        var (expr, error) = ExpressionParser.Parse(node.Value ?? string.Empty);
        if (error is not null)
        {
            ExpressionError(node, error.Offset, "invalid expression: " + error.Message);
            return null;
        }

        Expressions.Add(new ExpressionSite(expr!, node, 0, FlowParameters));
        return expr;
    }

    /// <summary>Parses text with <c>${...}</c> insertions; null (error reported) when an insertion is invalid.</summary>
    /// <summary>
    /// A variable's value (<c>variables:</c>, <c>set:</c>): an unquoted YAML number written the
    /// way a number prints (<c>0</c>, <c>2.5</c>, not <c>007</c> or <c>+1</c>) is a number, as the
    /// docs' <c>tries: ${tries + 1}</c> expects; anything else is a template.
    /// </summary>
    public Template? ReadValueTemplate(YamlScalarNode node)
    {
        var text = node.Value ?? string.Empty;
        if (node.Style == YamlDotNet.Core.ScalarStyle.Plain
            && decimal.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign | System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var number)
            && number.ToString(System.Globalization.CultureInfo.InvariantCulture) == text)
        {
            return new Template(text, [new ExprPart(new LiteralExpr(number, 0, text.Length), 0)]);
        }

        return ReadTemplate(node);
    }

    /// <param name="url">An http step's URL: its insertions are percent-encoded, and may be raw().</param>
    public Template? ReadTemplate(YamlScalarNode node, bool url = false)
    {
        var (template, error) = TemplateParser.Parse(node.Value ?? string.Empty);
        if (error is not null)
        {
            ExpressionError(node, error.Offset, "invalid expression: " + error.Message);
            return null;
        }

        foreach (var part in template!.Parts.OfType<ExprPart>())
        {
            Expressions.Add(new ExpressionSite(part.Expr, node, part.Offset, FlowParameters, url));
        }

        return template;
    }
}
