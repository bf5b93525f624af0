namespace Telephony.Dialplan.Expressions;

/// <summary>A syntax error at <see cref="Offset"/> in the expression text; caught by <see cref="ExpressionParser"/>.</summary>
internal sealed class ExpressionException : Exception
{
    public ExpressionException()
    {
    }

    public ExpressionException(string message)
        : base(message)
    {
    }

    public ExpressionException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public ExpressionException(int offset, string message)
        : base(message)
    {
        Offset = offset;
    }

    public int Offset { get; }
}
