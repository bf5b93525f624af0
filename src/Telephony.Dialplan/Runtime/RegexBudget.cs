namespace Telephony.Dialplan.Runtime;

/// <summary>How long one regex match may run during a call (gather patterns, <c>matches()</c>): a pattern that backtracks catastrophically costs its step, not the server.</summary>
internal static class RegexBudget
{
    public static readonly TimeSpan PerMatch = TimeSpan.FromMilliseconds(200);
}
