namespace Telephony.Dialplan.Expressions;

/// <summary>A piece of a template: fixed text, or an expression whose value is inserted.</summary>
public abstract record TemplatePart;

public sealed record TextPart(string Text) : TemplatePart;

/// <param name="Expr">The expression; its offsets are relative to <paramref name="Offset"/>.</param>
/// <param name="Offset">Where the expression's text starts within the template.</param>
public sealed record ExprPart(Expr Expr, int Offset) : TemplatePart;

/// <summary>
/// Text with <c>${expression}</c> insertions (<c>$${</c> writes a literal <c>${</c>). A template
/// that is exactly one insertion keeps the expression's type (a number stays a number).
/// </summary>
public sealed record Template(string Source, IReadOnlyList<TemplatePart> Parts)
{
    /// <summary>The fixed text when the template has no insertion, else null.</summary>
    public string? Constant => Parts switch
    {
        [] => string.Empty,
        [TextPart t] => t.Text,
        _ => null,
    };

    public static Template Literal(string text) => new(text, text.Length == 0 ? [] : [new TextPart(text)]);

    public override string ToString() => Source;
}
