namespace Telephony.Dialplan.Expressions;

/// <summary>A built-in function: its name, how many arguments it takes, and a one-line usage.</summary>
public sealed record FunctionInfo(string Name, int MinArguments, int MaxArguments, string Usage);
