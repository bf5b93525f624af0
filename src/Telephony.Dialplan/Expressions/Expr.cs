namespace Telephony.Dialplan.Expressions;

/// <summary>
/// A node of a parsed condition or template expression. <see cref="Start"/> and
/// <see cref="Length"/> are character offsets in the expression text, so errors found after
/// parsing (an unknown variable, a bad regex) still point at the exact column.
/// </summary>
public abstract record Expr(int Start, int Length);

/// <summary>A string, number (decimal), boolean or null written in the expression.</summary>
public sealed record LiteralExpr(object? Value, int Start, int Length) : Expr(Start, Length);

/// <summary>A variable read: built-in (caller, did, input, ...), set by a step, or a subflow parameter.</summary>
public sealed record VariableExpr(string Name, int Start, int Length) : Expr(Start, Length);

public sealed record UnaryExpr(UnaryOperator Operator, Expr Operand, int Start, int Length) : Expr(Start, Length);

public sealed record BinaryExpr(BinaryOperator Operator, Expr Left, Expr Right, int Start, int Length) : Expr(Start, Length);

/// <summary>A call of one of the built-in <see cref="Functions"/>.</summary>
public sealed record CallExpr(string Function, IReadOnlyList<Expr> Arguments, int Start, int Length) : Expr(Start, Length);
