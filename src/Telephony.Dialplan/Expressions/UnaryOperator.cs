namespace Telephony.Dialplan.Expressions;

public enum UnaryOperator
{
    Not,
    Negate,
}
