namespace Telephony.Speech.Synthesis;

/// <summary>How a value is read out (the dialplan's <c>say ... as:</c>).</summary>
public enum SayKind
{
    Digits,
    Number,
    Currency,
    Date,
    Time,
    DateTime,
}
