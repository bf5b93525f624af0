namespace Telephony.Dialplan.Runtime;

/// <summary>Input the caller gave: digits ("dtmf"), an utterance ("speech"), or nothing ("" after a timeout).</summary>
public sealed record CallInput(string Text, string Mode)
{
    public static CallInput None { get; } = new(string.Empty, string.Empty);
}
