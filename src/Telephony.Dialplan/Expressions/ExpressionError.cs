namespace Telephony.Dialplan.Expressions;

/// <summary>A syntax error in an expression: where (offset in its text) and what.</summary>
public sealed record ExpressionError(int Offset, string Message);
