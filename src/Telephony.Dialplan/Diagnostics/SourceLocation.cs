namespace Telephony.Dialplan.Diagnostics;

/// <summary>A position in a dialplan file; line and column count from 1, as editors show them.</summary>
public readonly record struct SourceLocation(int Line, int Column)
{
    public static SourceLocation Start { get; } = new(1, 1);

    /// <summary>The position <paramref name="columns"/> characters to the right on the same line.</summary>
    public SourceLocation Offset(int columns) => this with { Column = Column + columns };

    public override string ToString() => $"{Line}:{Column}";
}
