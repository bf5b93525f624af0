namespace Telephony.Dialplan.Model;

public enum SayAs
{
    Digits,
    Number,
    Currency,
    Date,
    Time,
    DateTime,
}
